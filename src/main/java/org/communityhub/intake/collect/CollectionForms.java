package org.communityhub.intake.collect;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.TagVisibility;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.Condition;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.mapping.MappedRecord;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.http.Attachments;
import org.communityhub.common.spreadsheet.Cells;
import org.communityhub.intake.export.ExportColumns;
import org.communityhub.intake.export.ExportService;
import org.communityhub.intake.export.ExportSettings;
import org.communityhub.intake.export.SheetWriter;
import org.communityhub.intake.imports.FormFile;
import org.communityhub.intake.imports.ImportSettings;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentQuery;
import org.communityhub.registry.resident.ResidentStatus;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A community's form, filled (填好的表): the form the supervisor sent — its title rows, header cells
 * and order, column widths and merged title cells — with a row per resident the selection takes
 * (per household when it takes heads), the prefilled columns filled from the registry as an
 * export's columns are (codes as names, dates as yyyy-MM-dd, tags by name), the columns to fill
 * left empty, and a key column {@value #KEY_HEADER} last, by which a returned form's rows are
 * matched.
 *
 * <p>It is an export, with an export's rules: a purpose from the access-purpose table, roles that
 * may reveal only, the access log naming every resident and field before the first byte, restricted
 * tags never filled (nor selected by) for those who may not see them, and in CSV text a
 * spreadsheet would take for a formula neutralised ({@link Cells#neutralise}; an XLSX string cell
 * is never evaluated).
 */
@ApplicationScoped
public class CollectionForms {

    static final String KEY_HEADER = "编号（勿改）";

    private static final int BATCH = 1_000;
    private static final String ID = "collection";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final CollectionService collections;
    private final CollectionRepository repository;
    private final CollectionAnswers answers;
    private final ExportService exports;
    private final ExportColumns exportColumns;
    private final RecordMapper mapper;
    private final ResidentQueries residents;
    private final ResidentSnapshots snapshots;
    private final TagVisibility tagVisibility;
    private final AccessLog accessLog;
    private final Vocabulary vocabulary;
    private final DivisionNames divisionNames;
    private final ImportSettings limits;
    private final Clock clock;
    private final int maxRows;

    CollectionForms(
            CollectionService collections,
            CollectionRepository repository,
            CollectionAnswers answers,
            ExportService exports,
            ExportColumns exportColumns,
            RecordMapper mapper,
            ResidentQueries residents,
            ResidentSnapshots snapshots,
            TagVisibility tagVisibility,
            AccessLog accessLog,
            Vocabulary vocabulary,
            DivisionNames divisionNames,
            ImportSettings limits,
            ExportSettings exportSettings,
            Clock clock) {
        this.collections = collections;
        this.repository = repository;
        this.answers = answers;
        this.exports = exports;
        this.exportColumns = exportColumns;
        this.mapper = mapper;
        this.residents = residents;
        this.snapshots = snapshots;
        this.tagVisibility = tagVisibility;
        this.accessLog = accessLog;
        this.vocabulary = vocabulary;
        this.divisionNames = divisionNames;
        this.limits = limits;
        this.clock = clock;
        this.maxRows = exportSettings.maxRows();
    }

    /**
     * Checks a community's form and logs it: 404 for a collection the actor cannot see or a
     * community not in it, 403 for a community outside the actor's area or a selection by a tag
     * they may not see, the purpose as for every export (422 missing or unknown, 403 for roles
     * that may not reveal), 409 once the collection is closed. Then the residents who get a row are decided and the access log names
     * them all with the fields filled: if it cannot be written, there is no file.
     */
    @Transactional
    public FilledForm prepare(Actor actor, UUID id, String community, String purpose, String purposeNote) {
        CollectionRecord c = collections.require(actor, id);
        if (!c.communityCodes().contains(community)) {
            throw ProblemException.notFound("社区的填报表");
        }
        if (!actor.covers(community)) {
            throw ProblemException.forbidden("community-outside-area", "这个社区不在您的管辖范围内，不能下载它的填报表。");
        }
        collections.requireOpen(id);
        return prepare(
                actor,
                c,
                List.of(community),
                false,
                purpose,
                purposeNote,
                "/forms/" + community,
                divisionNames.placeName(community),
                community);
    }

    /**
     * Checks the summary (汇总表) and logs it: the whole scope's form, every community's rows with
     * the answers they gave, for the supervisor to send upward. 404 for a collection the actor
     * cannot see, 403 unless a supervisor who created it or whose area covers all its communities,
     * then as for a community's form (purpose, restricted tags); the access log names every
     * resident, the fields filled and the answers ({@value #ANSWERS_LOGGED}).
     */
    @Transactional
    public FilledForm prepareSummary(Actor actor, UUID id, String purpose, String purposeNote) {
        CollectionRecord c = collections.require(actor, id);
        if (!collections.mayGather(actor, c)) {
            throw ProblemException.forbidden("not-your-collection", "只有发起人或管辖全部社区的街道人员能下载这张表的汇总。");
        }
        return prepare(actor, c, c.communityCodes(), true, purpose, purposeNote, "/summary", "汇总", "summary");
    }

    /**
     * For the fill page: the residents of one community the selection takes, in the form's order,
     * and the mapping that fills their prefilled columns (field names c1, c2 …). Nothing is
     * logged here: the caller logs what it shows. 403 for a selection by a tag the actor may not see.
     */
    Rows rows(Actor actor, CollectionRecord c, String community) {
        Selection selection = Selection.parse(c.selection(), vocabulary.current(), new FieldErrors());
        if (selection.tags().stream().anyMatch(t -> !tagVisibility.canSee(actor, t))) {
            throw ProblemException.forbidden("restricted-tag", "这张表按受限标签选定居民，您的角色不能查看。");
        }
        AdapterDefinition definition = definition(actor, c, selection);
        return new Rows(select(actor, community, selection, definition, 0), definition);
    }

    /** The residents who get a row, in order, and the mapping of the prefilled columns. */
    record Rows(List<UUID> residents, AdapterDefinition definition) {}

    /**
     * What fills the prefilled columns for this reader, as an export's columns of the same fields
     * are filled (field names c1, c2 …; a tag column 是/否): a column of a restricted tag the reader
     * may not see gets no mapping, so its cells stay empty and say nothing.
     */
    List<FieldMapping> fills(Actor actor, CollectionRecord c) {
        List<FieldMapping> fields = new ArrayList<>();
        for (CollectionRecord.Column col : c.columns()) {
            String field = col.field();
            if (field == null
                    || FormFields.FORM_ONLY.contains(field)
                    || (FormFields.isTag(field) && !tagVisibility.canSee(actor, FormFields.tagCode(field)))) {
                continue;
            }
            exportColumns.column(actor, field, key(col)).ifPresent(fields::add);
        }
        return fields;
    }

    private AdapterDefinition definition(Actor actor, CollectionRecord c, Selection selection) {
        List<FieldMapping> fields = fills(actor, c);
        return new AdapterDefinition(
                ID,
                c.title(),
                "1",
                null,
                null,
                null,
                selection.conditions(),
                fields,
                List.of(),
                null,
                0,
                0,
                null,
                null);
    }

    /** Logged as the field of the answers a summary holds. */
    static final String ANSWERS_LOGGED = "collectionAnswers";

    private FilledForm prepare(
            Actor actor,
            CollectionRecord c,
            List<String> communities,
            boolean answers,
            String purpose,
            String purposeNote,
            String path,
            String nameSuffix,
            String asciiSuffix) {
        Reveal reveal = exports.purposeOfExport(actor, purpose, purposeNote);
        Selection selection = Selection.parse(c.selection(), vocabulary.current(), new FieldErrors());
        if (selection.tags().stream().anyMatch(t -> !tagVisibility.canSee(actor, t))) {
            // Being in such a form would tell of a restricted tag.
            throw ProblemException.forbidden("restricted-tag", "这张表按受限标签选定居民，您的角色不能下载。");
        }
        Set<String> logged = new LinkedHashSet<>();
        for (CollectionRecord.Column col : c.columns()) {
            if (col.field() != null) {
                logged.add(FormFields.isTag(col.field()) ? "tags" : col.field());
            }
        }
        logged.remove(FormFields.ROW_NUMBER);
        if (answers && c.columns().stream().anyMatch(col -> col.field() == null)) {
            logged.add(ANSWERS_LOGGED);
        }
        logged.add("residentId"); // the key column
        AdapterDefinition definition = definition(actor, c, selection);
        List<UUID> rows = new ArrayList<>();
        for (String community : communities) {
            if (actor.covers(community)) {
                rows.addAll(select(actor, community, selection, definition, rows.size()));
            }
        }
        FormFile form = form(c);
        accessLog.record(
                actor,
                AccessLog.Action.EXPORT,
                "GET /api/v1/collections/" + c.id() + path + "?format=" + (form.xlsx() ? "xlsx" : "csv"),
                rows,
                List.copyOf(logged),
                reveal);
        if (!answers) {
            communities.forEach(community -> repository.downloaded(c.id(), community, clock.instant()));
        }
        String stamp = LocalDateTime.now(clock).format(STAMP);
        String extension = form.xlsx() ? ".xlsx" : ".csv";
        boolean identifiers = logged.contains("idNumber") || logged.contains("phone");
        return new FilledForm(
                c.id(),
                communities,
                answers,
                form,
                c.columns(),
                definition,
                rows,
                identifiers,
                fileStem(c.title() + "_" + nameSuffix) + "_" + stamp + extension,
                "collection_" + asciiSuffix + "_" + stamp + extension);
    }

    /** The filled form as a download: an attachment, never cached, X-Export-Rows its rows. */
    Response download(Actor actor, FilledForm filled) {
        StreamingOutput body = out -> write(actor, filled, out);
        return Response.ok(body, filled.mediaType())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        Attachments.contentDisposition(filled.fileName(), filled.asciiFileName()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(FilledForm.ROWS, filled.residents().size())
                .build();
    }

    /**
     * Writes the filled form; a resident who left the community since {@link #prepare} gets no row.
     * A community's form, once written whole, counts the cells the hub filled in it (the home page's
     * entries saved): its values of prefilled columns, not its row numbers.
     */
    public void write(Actor actor, FilledForm filled, OutputStream out) throws IOException {
        long cells = 0;
        try (FormWriter writer = filled.form().xlsx() ? new XlsxForm(out, filled) : new CsvForm(out, filled)) {
            int number = 0;
            for (int from = 0; from < filled.residents().size(); from += BATCH) {
                List<UUID> batch = filled.residents()
                        .subList(from, Math.min(from + BATCH, filled.residents().size()));
                Map<UUID, ResidentSnapshot> loaded = new HashMap<>();
                snapshots.load(batch, filled.identifiers()).forEach(s -> loaded.put(s.id(), s));
                Map<UUID, ResidentSnapshots.HouseholdFacts> households = snapshots.households(batch);
                Map<UUID, Map<Integer, String>> given =
                        filled.answers() ? answers.of(filled.collectionId(), batch) : Map.of();
                for (UUID id : batch) {
                    ResidentSnapshot s = loaded.get(id);
                    if (s == null
                            || !filled.communities().contains(s.communityCode())
                            || !actor.covers(s.communityCode())) {
                        continue;
                    }
                    number++;
                    MappedRecord record = mapper.map(filled.definition(), s, RecordMapper.Operation.UPSERT);
                    ResidentSnapshots.HouseholdFacts household = households.get(id);
                    List<Object> values = new ArrayList<>(filled.columns().size() + 1);
                    Map<Integer, String> answered = given.getOrDefault(id, Map.of());
                    for (CollectionRecord.Column col : filled.columns()) {
                        Object value = col.field() == null
                                ? answered.get(col.number())
                                : value(col, number, record, household);
                        if (col.field() != null
                                && !FormFields.ROW_NUMBER.equals(col.field())
                                && value != null
                                && !value.toString().isBlank()) {
                            cells++;
                        }
                        values.add(value);
                    }
                    values.add(id.toString());
                    writer.row(values);
                }
            }
        }
        if (!filled.answers() && filled.communities().size() == 1) {
            long written = cells;
            QuarkusTransaction.requiringNew()
                    .run(() -> repository.filled(
                            filled.collectionId(),
                            filled.communities().get(0),
                            (int) Math.min(written, Integer.MAX_VALUE),
                            clock.instant()));
        }
    }

    static Object value(
            CollectionRecord.Column col, int number, MappedRecord record, ResidentSnapshots.HouseholdFacts household) {
        if (col.field() == null) {
            return null;
        }
        return switch (col.field()) {
            case FormFields.ROW_NUMBER -> number;
            case FormFields.HOUSEHOLD_SIZE -> household == null ? null : household.size();
            case FormFields.HOUSEHOLD_HEAD_NAME -> household == null ? null : household.headName();
            default -> record.fields().get(key(col));
        };
    }

    /** The residents of the community on the register that the selection takes, in address order. */
    private List<UUID> select(
            Actor actor, String community, Selection selection, AdapterDefinition definition, int before) {
        String tag = selection.tags().stream().findFirst().orElse(null);
        List<UUID> candidates = residents.matchingIds(
                actor,
                new ResidentQuery(
                        null, null, null, community, null, null, null, ResidentStatus.ACTIVE, tag, null, null, null),
                Integer.MAX_VALUE - 1);
        List<UUID> taken = new ArrayList<>();
        boolean filter = !definition.select().isEmpty()
                && !(definition.select().size() == 1 && definition.select().get(0) instanceof Condition.Tags);
        for (int from = 0; from < candidates.size(); from += BATCH) {
            List<UUID> batch = candidates.subList(from, Math.min(from + BATCH, candidates.size()));
            if (!filter) {
                taken.addAll(batch);
            } else {
                Set<UUID> matching = new HashSet<>();
                // Deciding who is taken needs no ID number or phone: none is decrypted.
                snapshots.load(batch, false).stream()
                        .filter(s -> mapper.matches(definition, s))
                        .forEach(s -> matching.add(s.id()));
                batch.stream().filter(matching::contains).forEach(taken::add);
            }
            if (before + taken.size() > maxRows) {
                throw new ProblemException(
                        422,
                        "too-many-rows",
                        "Unprocessable Content",
                        "这张表选定的居民超过 " + String.format("%,d", maxRows) + " 人，一次不能导出这么多。");
            }
        }
        return taken;
    }

    /** The form as it was sent, read again at the header row found when it came. */
    private FormFile form(CollectionRecord c) {
        byte[] content = collections.form(c.id());
        try {
            Path dir = Files.createTempDirectory(
                    "collection", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve(c.xlsx() ? "form.xlsx" : "form.csv");
            try {
                Files.write(file, content);
                return FormFile.readAt(file, file.getFileName().toString(), limits, c.sheet(), c.headerRow());
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(CollectionRecord.Column col) {
        return "c" + col.number();
    }

    private static String fileStem(String name) {
        return name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
    }

    /** Writes a filled form's rows after its title rows and header. */
    private interface FormWriter extends AutoCloseable {
        void row(List<Object> values) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** The workbook: title rows, merges and widths where the form had them, header, rows; every cell text. */
    private static final class XlsxForm implements FormWriter {

        private static final int FLUSH_ROWS = 1_000;
        private final Workbook workbook;
        private final Worksheet sheet;
        private int row;

        XlsxForm(OutputStream out, FilledForm filled) {
            FormFile form = filled.form();
            this.workbook = new Workbook(out, "Community Data Hub", "1.0");
            this.sheet = workbook.newWorksheet(form.sheet() == null ? "Sheet1" : form.sheet());
            List<String> headers = headers(filled);
            FormSheets.xlsxTop(sheet, form, headers);
            sheet.width(headers.size() - 1, 38); // the key: a resident's id
            this.row = form.headerRow();
        }

        @Override
        public void row(List<Object> values) throws IOException {
            for (int c = 0; c < values.size(); c++) {
                if (values.get(c) != null) {
                    sheet.inlineString(row, c, Cells.text(values.get(c)));
                }
            }
            row++;
            if (row % FLUSH_ROWS == 0) {
                sheet.flush();
            }
        }

        @Override
        public void close() throws IOException {
            workbook.finish();
        }
    }

    /** The CSV: UTF-8 with a byte-order mark, the title rows in their places, as an export's CSV is written. */
    private static final class CsvForm implements FormWriter {

        private final SheetWriter.Csv csv;

        CsvForm(OutputStream out, FilledForm filled) throws IOException {
            this.csv = new SheetWriter.Csv(out, StandardCharsets.UTF_8);
            FormSheets.csvTop(csv, filled.form(), headers(filled));
        }

        @Override
        public void row(List<Object> values) throws IOException {
            csv.row(values);
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    /** The form's header cells as written, then the key column. */
    private static List<String> headers(FilledForm filled) {
        List<String> headers = new ArrayList<>();
        filled.columns().forEach(c -> headers.add(c.header()));
        headers.add(KEY_HEADER);
        return headers;
    }
}
