package org.communityhub.registry.code;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.communityhub.access.Roles;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.InvisibleCharacters;
import org.communityhub.reference.code.ResidentField;
import org.communityhub.reference.code.ResidentFields;
import org.communityhub.reference.code.Vocabulary;

/**
 * 词汇: the administrator's page for the words ledgers use. The header synonyms and code aliases
 * the import reads, shipped and the district's own, searchable; a form for each to add one to the
 * district's files (counting from the next check on, without a restart); and the lines of those
 * files that were skipped. An import's unknown tag links here with the word and the tag table
 * filled in, and back to the import to check it again.
 */
@Path("/vocabulary")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class VocabularyPage {

    /** The most words of each list a page shows; a search narrows them. */
    static final int MAX_SHOWN = 300;

    private static final Pattern IMPORT_ID = Pattern.compile("[0-9a-fA-F-]{36}");

    /** A header synonym as listed: the field by its label. */
    public record Synonym(String header, String field, String fieldLabel, boolean district) {}

    /** A code alias as listed: the table and the code by their names. */
    public record Alias(String table, String tableName, String alias, String code, String codeName, boolean district) {}

    /** A choice of a select. */
    public record Option(String value, String label) {}

    /** A form as typed, its problem, and the import to go back to (or null). */
    public record Form(String first, String second, String third, String error, String importId) {}

    /** What the page shows: the filtered lists with their totals, the choices, the skipped lines. */
    public record View(
            String q,
            List<Synonym> synonyms,
            long synonymsTotal,
            List<Alias> aliases,
            long aliasesTotal,
            List<Vocabulary.Problem> problems,
            List<Option> fields,
            List<Option> tables,
            String directory,
            String added,
            String importId) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view, Form synonym, Form alias, List<String> tagNames);

        static native TemplateInstance synonymForm(Form synonym, List<Option> fields);

        static native TemplateInstance aliasForm(Form alias, List<Option> tables, List<String> tagNames);
    }

    private final Vocabulary vocabulary;
    private final CodeTables codes;

    VocabularyPage(Vocabulary vocabulary, CodeTables codes) {
        this.vocabulary = vocabulary;
        this.codes = codes;
    }

    @GET
    public TemplateInstance page(
            @QueryParam("q") String q,
            @QueryParam("table") String table,
            @QueryParam("alias") String alias,
            @QueryParam("code") String code,
            @QueryParam("header") String header,
            @QueryParam("field") String field,
            @QueryParam("added") String added,
            @QueryParam("import") String importId) {
        String back = importId(importId);
        return Templates.page(
                view(q, added, back),
                new Form(text(header), text(field), null, null, back),
                new Form(text(table), text(alias), text(code), null, back),
                tagNames());
    }

    @POST
    @Path("header-synonyms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addSynonym(
            @FormParam("header") String header,
            @FormParam("field") String field,
            @FormParam("import") String importId) {
        Form typed = new Form(text(header), text(field), null, null, importId(importId));
        String problem = required(typed.first(), "表头");
        if (problem == null) {
            problem = required(typed.second(), "字段");
        }
        if (problem == null) {
            try {
                vocabulary.addHeaderSynonym(typed.first(), typed.second());
                return added("表头“" + typed.first() + "”", typed.importId());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        return Response.ok(Templates.synonymForm(
                        new Form(typed.first(), typed.second(), null, problem, typed.importId()), fields()))
                .build();
    }

    @POST
    @Path("code-aliases")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addAlias(
            @FormParam("table") String table,
            @FormParam("alias") String alias,
            @FormParam("code") String code,
            @FormParam("import") String importId) {
        Form typed = new Form(text(table), text(alias), text(code), null, importId(importId));
        String problem = required(typed.first(), "代码表");
        if (problem == null) {
            problem = required(typed.second(), "别名");
        }
        if (problem == null) {
            problem = required(typed.third(), "代码");
        }
        if (problem == null) {
            try {
                vocabulary.addCodeAlias(typed.first(), typed.second(), typed.third());
                return added("别名“" + typed.second() + "”", typed.importId());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        return Response.ok(Templates.aliasForm(
                        new Form(typed.first(), typed.second(), typed.third(), problem, typed.importId()),
                        tables(),
                        tagNames()))
                .build();
    }

    private static Response added(String what, String importId) {
        String to = "/vocabulary?added=" + URLEncoder.encode(what, StandardCharsets.UTF_8)
                + (importId == null ? "" : "&import=" + importId);
        return Response.ok().header("HX-Redirect", to).build();
    }

    /** The same rules as the API: present, at most 100 characters, nothing invisible. */
    private static String required(String value, String label) {
        if (value.isEmpty()) {
            return "请填写" + label + "。";
        }
        if (value.length() > 100 || InvisibleCharacters.in(value)) {
            return label + "最多 100 个字符，且不能含不可见字符。";
        }
        return null;
    }

    private View view(String q, String added, String importId) {
        Vocabulary.Snapshot s = vocabulary.current();
        String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        List<Synonym> synonyms = s.headerSynonyms().stream()
                .map(h -> new Synonym(
                        h.header(),
                        h.field(),
                        ResidentFields.get(h.field()).label(),
                        h.source() == Vocabulary.Source.DISTRICT))
                .filter(h -> matches(needle, h.header(), h.field(), h.fieldLabel()))
                .toList();
        List<Alias> aliases = s.codeAliases().stream()
                .map(a -> {
                    CodeTable t = codes.get(a.table());
                    return new Alias(
                            a.table(),
                            t.getName(),
                            a.alias(),
                            a.code(),
                            t.entry(a.code()).map(CodeEntry::name).orElse(""),
                            a.source() == Vocabulary.Source.DISTRICT);
                })
                .filter(a -> matches(needle, a.alias(), a.tableName(), a.codeName(), a.code()))
                .toList();
        return new View(
                q == null ? "" : q.strip(),
                synonyms.subList(0, Math.min(MAX_SHOWN, synonyms.size())),
                synonyms.size(),
                aliases.subList(0, Math.min(MAX_SHOWN, aliases.size())),
                aliases.size(),
                s.problems(),
                fields(),
                tables(),
                vocabulary.directory().toString(),
                added,
                importId);
    }

    private static boolean matches(String needle, String... values) {
        if (needle.isEmpty()) {
            return true;
        }
        for (String v : values) {
            if (v != null && v.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static List<Option> fields() {
        return ResidentFields.all().stream()
                .filter(ResidentField::imported)
                .map(f -> new Option(f.name(), f.label()))
                .toList();
    }

    private List<Option> tables() {
        // The tables a ledger's cells are read by: those of the imported fields, and the tags.
        java.util.Set<String> read = new java.util.HashSet<>(List.of(CodeTables.TAG));
        ResidentFields.all().stream()
                .filter(f -> f.imported() && f.codeTable() != null)
                .forEach(f -> read.add(f.codeTable()));
        return codes.all().stream()
                .filter(t -> read.contains(t.getId()))
                .map(t -> new Option(t.getId(), t.getName()))
                .toList();
    }

    private List<String> tagNames() {
        return codes.get(CodeTables.TAG).getEntries().stream()
                .map(CodeEntry::name)
                .toList();
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    /** The import to go back to, only when it looks like an import's id (it becomes part of a link). */
    private static String importId(String s) {
        return s != null && IMPORT_ID.matcher(s.strip()).matches() ? s.strip() : null;
    }
}
