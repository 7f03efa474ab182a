package org.communityhub.registry.place;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.place.DivisionService.ImportResult;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Administrative divisions (行政区划), from province down to community. */
@Path("/api/v1/divisions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Divisions", description = "行政区划：省、地、县、乡镇（街道）、社区（村）")
public class DivisionResource {

    private final DivisionService divisions;

    DivisionResource(DivisionService divisions) {
        this.divisions = divisions;
    }

    @GET
    @Authenticated
    @Operation(summary = "Children of a division (the provinces without parentCode), optionally by part of the name")
    public Page<DivisionView> list(
            @QueryParam("parentCode") String parentCode,
            @QueryParam("q") String q,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return divisions.children(
                parentCode == null || parentCode.isBlank() ? null : parentCode.strip(), q, PageRequest.of(page, size));
    }

    @GET
    @Path("{code}")
    @Authenticated
    @Operation(summary = "One division")
    public DivisionView get(@PathParam("code") String code) {
        return divisions.get(code);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a community (社区) or village under a street, or a street under a county")
    public Response add(NewDivision request) {
        DivisionView created = divisions.add(ProblemException.requireBody(request));
        return Response.created(URI.create("/api/v1/divisions/" + created.code()))
                .entity(created)
                .build();
    }

    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Import communities and villages from a statistical code list",
            description = "UTF-8 CSV with header code,name,streetCode[,provinceCode,cityCode,areaCode]. "
                    + "All or nothing: any bad row rejects the whole file with every problem listed.")
    public ImportResult importCommunities(InputStream body) {
        return divisions.importCommunities(body);
    }
}
