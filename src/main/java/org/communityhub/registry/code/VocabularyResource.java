package org.communityhub.registry.code;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.reference.code.InvisibleCharacters;
import org.communityhub.reference.code.Vocabulary;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The words ledgers use, as the import reads them: what ships with the hub and what the district
 * added. An admin adds a word here (or in the vocabulary directory's files); it counts from the
 * next import on.
 */
@Path("/api/v1/vocabulary")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Vocabulary", description = "台账用语：表头同义词、代码别名（含标签简称），本区可自行补充")
@Authenticated
public class VocabularyResource {

    /** The vocabulary as it is now, and the lines of the district's files that were skipped. */
    public record VocabularyView(
            List<Vocabulary.HeaderSynonym> headerSynonyms,
            List<Vocabulary.CodeAlias> codeAliases,
            List<Vocabulary.Problem> problems) {}

    /** A header a ledger gives a field under; the field by its name, import key or label (人口类型). */
    public record NewHeaderSynonym(String header, String field) {}

    /** A word for a code; the table by its id or name (居民标签), the code by itself or its name. */
    public record NewCodeAlias(String table, String alias, String code) {}

    private final Vocabulary vocabulary;

    VocabularyResource(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    @GET
    @Operation(summary = "The header synonyms and code aliases the import reads, shipped and the district's own")
    public VocabularyView get() {
        return view(vocabulary.current());
    }

    @POST
    @Path("header-synonyms")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a header synonym to the district's vocabulary (admin)")
    public VocabularyView addHeaderSynonym(NewHeaderSynonym body) {
        ProblemException.requireBody(body);
        required("header", "表头", body.header());
        required("field", "字段", body.field());
        try {
            return view(vocabulary.addHeaderSynonym(
                    body.header().strip(), body.field().strip()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("field", "unknown-field", e.getMessage());
        }
    }

    @POST
    @Path("code-aliases")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a code alias (a tag's shorthand among them) to the district's vocabulary (admin)")
    public VocabularyView addCodeAlias(NewCodeAlias body) {
        ProblemException.requireBody(body);
        required("table", "代码表", body.table());
        required("alias", "别名", body.alias());
        required("code", "代码", body.code());
        try {
            return view(vocabulary.addCodeAlias(
                    body.table().strip(), body.alias().strip(), body.code().strip()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("code", "unknown-code", e.getMessage());
        }
    }

    private static void required(String field, String label, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "required", "请填写" + label + "。");
        }
        if (value.length() > 100 || InvisibleCharacters.in(value)) {
            throw ProblemException.invalid(field, "invalid", label + "最多 100 个字符，且不能含不可见字符。");
        }
    }

    private static VocabularyView view(Vocabulary.Snapshot s) {
        return new VocabularyView(s.headerSynonyms(), s.codeAliases(), s.problems());
    }
}
