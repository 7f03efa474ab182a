package org.communityhub.intake.export;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
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
import org.communityhub.access.RevealRules;
import org.communityhub.access.TagVisibility;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.CanonicalFields;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.mapping.MappedRecord;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.party.PartyMembershipService;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;

/**
 * Template export (导出平台模板): the residents of a search, a list or a household, in a platform's
 * template — the rows its definition gives, mapped by the same record mapper as deliveries, so the
 * file has exactly the fields, names, order, codes and formats the platform receives — or in a set
 * of columns the user picks.
 *
 * <p>Personal data leaves the hub in full in such a file, so an export is a reveal: only roles that
 * may reveal, only for a purpose from the access-purpose table, always within the actor's area,
 * restricted tags only for roles granted them, and one access-log entry naming every resident and
 * field, written before the first byte of the file ({@link #prepare}, then {@link #write}).
 */
@ApplicationScoped
public class ExportService {

    /** Residents read from the registry at a time. */
    private static final int BATCH = 1_000;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final Adapters adapters;
    private final ExportColumns columns;
    private final RecordMapper mapper;
    private final ResidentSnapshots snapshots;
    private final ResidentQueries residents;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final RevealRules revealRules;
    private final TagVisibility tagVisibility;
    private final AccessLog accessLog;
    private final Clock clock;
    private final int maxRows;

    ExportService(
            Adapters adapters,
            ExportColumns columns,
            RecordMapper mapper,
            ResidentSnapshots snapshots,
            ResidentQueries residents,
            PartyMembershipService party,
            LeagueMembershipService league,
            RevealRules revealRules,
            TagVisibility tagVisibility,
            AccessLog accessLog,
            Clock clock,
            ExportSettings settings) {
        this.adapters = adapters;
        this.columns = columns;
        this.mapper = mapper;
        this.snapshots = snapshots;
        this.residents = residents;
        this.party = party;
        this.league = league;
        this.revealRules = revealRules;
        this.tagVisibility = tagVisibility;
        this.accessLog = accessLog;
        this.clock = clock;
        this.maxRows = settings.maxRows();
    }

    /**
     * Checks an export and logs it. Every problem of the request is refused at once (422, those
     * already in {@code errors} among them) before a role is refused (403); a selection of more
     * than {@code hub.export.max-rows} (100,000) residents is refused (422). Then the residents
     * who get a row are decided and the access log names them all, with the fields and the
     * purpose: if the log cannot be written, there is no file.
     *
     * @param path how the request is named in the access log, e.g. {@code GET /api/v1/exports}
     */
    public PreparedExport prepare(Actor actor, ExportRequest request, FieldErrors errors, String path) {
        List<ProblemException> refusals = new ArrayList<>();
        ExportTemplate template = null;
        if (request.platformTemplate()) {
            template = platformTemplate(actor, request, errors, refusals);
        } else if (!request.columns().isEmpty()) {
            template = columns.template(actor, request.columns(), errors, refusals::add);
        }
        Reveal purpose = null;
        try {
            purpose = purposeOfExport(actor, request.purpose(), request.purposeNote());
        } catch (ProblemException e) {
            if (e.status() == 422) {
                errors.addAll(e.errors());
            } else {
                refusals.add(e);
            }
        }
        errors.throwIfAny();
        if (!refusals.isEmpty()) {
            throw refusals.get(0);
        }
        List<UUID> selected = select(actor, request.selection(), maxRows + 1);
        if (selected.size() > maxRows) {
            throw new ProblemException(
                    422,
                    "too-many-rows",
                    "Unprocessable Content",
                    "所选居民超过 " + String.format("%,d", maxRows) + " 人，一次不能导出这么多：请缩小范围（如按社区、楼栋筛选）后分批导出。");
        }
        List<UUID> rows = template.concernedOnly() ? concerned(template.definition(), selected) : selected;
        accessLog.record(
                actor,
                AccessLog.Action.EXPORT,
                path + "?" + template.resource() + "&format=" + request.format().extension(),
                rows,
                template.loggedFields(),
                purpose);
        String stamp = LocalDateTime.now(clock).format(STAMP);
        String extension = "." + request.format().extension();
        return new PreparedExport(
                template,
                request.format(),
                rows,
                selected.size() - rows.size(),
                template.fileStem() + "_" + stamp + extension,
                template.asciiFileStem() + "_" + stamp + extension);
    }

    /**
     * The purpose of a file of personal data in full (an export, a collection's filled form): the
     * rules of a reveal of ID numbers and phones apply — 422 when the purpose is missing, unknown or
     * without the note it needs, 403 for a role that may not reveal. What the access log records of
     * the export.
     */
    public Reveal purposeOfExport(Actor actor, String purpose, String purposeNote) {
        Reveal asked = revealRules.check(actor, Reveal.ID_NUMBER + "," + Reveal.PHONE, purpose, purposeNote);
        return new Reveal(Set.of(), asked.purpose(), asked.note());
    }

    /**
     * Writes the file of a prepared export: the header, then a row per resident, read and mapped a
     * batch at a time. A resident who left the actor's area or the platform's concern since {@link
     * #prepare} gets no row.
     */
    public void write(Actor actor, PreparedExport export, OutputStream out) throws IOException {
        ExportTemplate template = export.template();
        AdapterDefinition definition = template.definition();
        boolean identifiers = definition.needsPersonalIdentifiers();
        try (SheetWriter sheet = SheetWriter.open(export.format(), out, template)) {
            sheet.header(template.columns());
            for (int from = 0; from < export.residents().size(); from += BATCH) {
                List<UUID> batch = export.residents()
                        .subList(from, Math.min(from + BATCH, export.residents().size()));
                Map<UUID, ResidentSnapshot> loaded = new HashMap<>();
                snapshots.load(batch, identifiers).forEach(s -> loaded.put(s.id(), s));
                for (UUID id : batch) {
                    ResidentSnapshot s = loaded.get(id);
                    if (s == null
                            || !actor.covers(s.communityCode())
                            || (template.concernedOnly() && !mapper.matches(definition, s))) {
                        continue;
                    }
                    MappedRecord record = mapper.map(definition, visibleTo(actor, s), RecordMapper.Operation.UPSERT);
                    List<Object> values = new ArrayList<>(template.columns().size());
                    for (String column : template.columns()) {
                        values.add(
                                template.blanked().contains(column)
                                        ? null
                                        : record.fields().get(column));
                    }
                    sheet.row(values);
                }
            }
        }
    }

    /** The residents a selection takes, in its list's order, at most {@code limit}. */
    private List<UUID> select(Actor actor, ExportRequest.Selection selection, int limit) {
        if (selection instanceof ExportRequest.PartyMembers p) {
            return party.residentIds(actor, p.query(), limit);
        }
        if (selection instanceof ExportRequest.LeagueMembers l) {
            return league.residentIds(actor, l.query(), limit);
        }
        return residents.matchingIds(actor, ((ExportRequest.Residents) selection).query(), limit);
    }

    /** Of the residents selected, those the platform's definition concerns, in the same order. */
    private List<UUID> concerned(AdapterDefinition definition, List<UUID> selected) {
        List<UUID> concerned = new ArrayList<>(selected.size());
        for (int from = 0; from < selected.size(); from += BATCH) {
            List<UUID> batch = selected.subList(from, Math.min(from + BATCH, selected.size()));
            Set<UUID> matching = new HashSet<>();
            // Deciding who is concerned needs no ID number or phone: none is decrypted.
            snapshots.load(batch, false).stream()
                    .filter(s -> mapper.matches(definition, s))
                    .forEach(s -> matching.add(s.id()));
            batch.stream().filter(matching::contains).forEach(concerned::add);
        }
        return concerned;
    }

    private ExportTemplate platformTemplate(
            Actor actor, ExportRequest request, FieldErrors errors, List<ProblemException> refusals) {
        AdapterDefinition d = adapters.find(request.adapterId()).orElse(null);
        if (d == null) {
            errors.add("adapter", "unknown-adapter", "没有这个平台模板。");
            return null;
        }
        if (d.selectedTags().stream().anyMatch(t -> !tagVisibility.canSee(actor, t))) {
            // Being in such a file would tell of a restricted tag.
            refusals.add(ProblemException.forbidden("restricted-tag", "该平台按受限标签选定居民，您的角色不能导出这个模板。"));
        }
        Set<String> blanked = new LinkedHashSet<>();
        for (FieldMapping f : d.fields()) {
            if (f.source() instanceof FieldMapping.From from
                    && from.field().startsWith(CanonicalFields.TAG_PREFIX)
                    && !tagVisibility.canSee(actor, from.field().substring(CanonicalFields.TAG_PREFIX.length()))) {
                blanked.add(f.name());
            }
        }
        boolean titled = "xlsx-file".equals(d.transport().type()) && request.format() == ExportFormat.XLSX;
        return new ExportTemplate(
                d,
                true,
                d.fieldNames(),
                blanked,
                d.fieldNames().stream()
                        .filter(f -> !blanked.contains(f))
                        .map(f -> d.id() + ":" + f)
                        .toList(),
                sheetName(titled ? d.transport().text("sheet").orElse(d.name()) : d.name()),
                titled ? d.transport().text("title").orElse(null) : null,
                fileStem(d.name()),
                d.id(),
                "adapter=" + d.id(),
                d.fileCharset());
    }

    /** The resident as the actor may see them: without restricted tags they are not granted. */
    private ResidentSnapshot visibleTo(Actor actor, ResidentSnapshot s) {
        List<String> visible = tagVisibility.visible(actor, s.tags());
        if (visible.size() == s.tags().size()) {
            return s;
        }
        return new ResidentSnapshot(
                s.id(),
                s.version(),
                s.name(),
                s.idType(),
                s.idNumber(),
                s.sex(),
                s.birthDate(),
                s.ethnicity(),
                s.politicalStatus(),
                s.education(),
                s.maritalStatus(),
                s.phone(),
                s.residenceType(),
                s.status(),
                s.statusDate(),
                s.statusReason(),
                s.communityCode(),
                s.building(),
                s.unit(),
                s.room(),
                visible,
                s.updatedAt(),
                s.householdNumber(),
                s.householdType(),
                s.relationToHead(),
                s.party(),
                s.league());
    }

    /** A sheet name as spreadsheets allow: at most 31 characters, none of \ / ? * [ ] :. */
    private static String sheetName(String name) {
        String clean = name.replaceAll("[\\\\/?*\\[\\]:]", "_");
        return clean.length() > 31 ? clean.substring(0, 31) : clean;
    }

    /** A file name's stem without characters file systems refuse. */
    private static String fileStem(String name) {
        return name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
    }
}
