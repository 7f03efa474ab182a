package org.communityhub.registry.code;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.communityhub.common.error.ProblemException;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The code tables, for clients that render coded fields or validate before submitting. */
@Path("/api/v1/code-tables")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Code tables", description = "国家标准代码表及本系统约定的代码")
@Authenticated
public class CodeTableResource {

    /** A table without its entries, for the index. */
    public record CodeTableSummary(String id, String name, String standard, int size) {}

    @Inject
    CodeTables codeTables;

    @GET
    @Operation(summary = "List the code tables")
    public List<CodeTableSummary> list() {
        return codeTables.all().stream()
                .map(t -> new CodeTableSummary(
                        t.getId(), t.getName(), t.getStandard(), t.getEntries().size()))
                .toList();
    }

    @GET
    @Path("{table}")
    @Operation(summary = "One code table with all its codes")
    public CodeTable get(@PathParam("table") String table) {
        return codeTables.find(table).orElseThrow(() -> ProblemException.notFound("代码表"));
    }
}
