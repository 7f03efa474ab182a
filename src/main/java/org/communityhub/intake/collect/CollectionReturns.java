package org.communityhub.intake.collect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.mapping.MappedRecord;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.spreadsheet.Cells;
import org.communityhub.intake.imports.FormFile;
import org.communityhub.intake.imports.ImportSettings;
import org.communityhub.intake.imports.RejectedFileException;
import org.communityhub.reference.code.ResidentField;
import org.communityhub.reference.code.ResidentFields;
import org.communityhub.reference.identity.Masking;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;

/**
 * A community's filled form sent back (回收): rows are matched to residents by the key column; the
 * answers in the columns to fill are kept per resident (encrypted), the last return's answer
 * standing; a prefilled value the community changed is listed as a proposed update and never
 * applied; a row whose key names no resident of the community is counted and named by its row.
 * Columns are found by their header, so a community that moved a column loses nothing.
 */
@ApplicationScoped
@Transactional
public class CollectionReturns {

    /** Rows a returned form may have: a community's residents, with room to spare. */
    static final int MAX_ROWS = 100_000;

    private final CollectionService collections;
    private final CollectionRepository repository;
    private final RecordMapper mapper;
    private final ResidentSnapshots snapshots;
    private final CollectionAnswers answers;
    private final ImportSettings limits;
    private final AccessLog accessLog;
    private final CollectionForms forms;
    private final Clock clock;

    CollectionReturns(
            CollectionService collections,
            CollectionRepository repository,
            RecordMapper mapper,
            ResidentSnapshots snapshots,
            CollectionAnswers answers,
            ImportSettings limits,
            AccessLog accessLog,
            CollectionForms forms,
            Clock clock) {
        this.collections = collections;
        this.repository = repository;
        this.mapper = mapper;
        this.snapshots = snapshots;
        this.answers = answers;
        this.limits = limits;
        this.accessLog = accessLog;
        this.forms = forms;
        this.clock = clock;
    }

    /**
     * A returned form as read, with the rows the registry should hear about: one per resident whose
     * changed values the import takes (found by their registered ID number) and one per row the
     * community added, each by field name (community code first). Never shown: they hold ID numbers
     * in clear, for the import that checks them.
     */
    record Received(ReturnView view, List<Map<String, String>> toCheck) {}

    /**
     * Reads a community's returned form: 404 for a collection the actor cannot see or a community
     * not in it, 403 for a community outside the actor's area, 422 for a file that is no form of
     * the hub's (no key column, not XLSX or CSV, damaged), 409 once the collection is closed.
     */
    Received receive(Actor actor, UUID id, String community, String fileName, Path file) {
        CollectionRecord c = collections.require(actor, id);
        if (community == null || !c.communityCodes().contains(community)) {
            throw ProblemException.notFound("社区的填报表");
        }
        if (!actor.covers(community)) {
            throw ProblemException.forbidden("community-outside-area", "这个社区不在您的管辖范围内，不能交回它的填报表。");
        }
        collections.requireOpen(id);
        if (file == null) {
            throw ProblemException.invalid("file", "required", "请在表单字段 file 中上传填好的表格。");
        }
        FormFile.Returned returned;
        try {
            returned = FormFile.readReturned(
                    file, fileName == null ? "" : fileName, limits, CollectionForms.KEY_HEADER, MAX_ROWS);
        } catch (RejectedFileException e) {
            throw ProblemException.invalid("file", e.code(), e.getMessage());
        }
        // The collection's columns where the returned file has them, by header.
        Map<CollectionRecord.Column, Integer> at = new LinkedHashMap<>();
        Set<Integer> taken = new HashSet<>(Set.of(returned.keyColumn()));
        for (CollectionRecord.Column col : c.columns()) {
            for (int i = 0; i < returned.headers().size(); i++) {
                if (!taken.contains(i)
                        && returned.headers().get(i).equals(col.header().strip())) {
                    at.put(col, i);
                    taken.add(i);
                    break;
                }
            }
        }
        List<FieldMapping> fields = forms.fills(actor, c);
        boolean identifiers =
                at.keySet().stream().anyMatch(col -> "idNumber".equals(col.field()) || "phone".equals(col.field()));
        AdapterDefinition definition = new AdapterDefinition(
                "collection", c.title(), "1", null, null, null, List.of(), fields, List.of(), null, 0, 0, null, null);

        Map<UUID, FormFile.TitleRow> byKey = new LinkedHashMap<>();
        List<Integer> notMatched = new ArrayList<>();
        List<Map<String, String>> toCheck = new ArrayList<>();
        List<Integer> added = new ArrayList<>();
        for (FormFile.TitleRow row : returned.rows()) {
            String keyCell = cell(row, returned.keyColumn());
            Optional<UUID> key = Ids.parse(keyCell);
            if (keyCell.isEmpty()) {
                Map<String, String> person = addedPerson(community, at, row);
                if (person.isEmpty()) {
                    notMatched.add(row.number());
                } else {
                    added.add(row.number());
                    toCheck.add(person);
                }
            } else if (key.isEmpty() || byKey.containsKey(key.get())) {
                notMatched.add(row.number());
            } else {
                byKey.put(key.get(), row);
            }
        }
        Map<UUID, ResidentSnapshot> residents = new HashMap<>();
        snapshots.load(byKey.keySet(), identifiers).stream()
                .filter(s -> community.equals(s.communityCode()) && actor.covers(s.communityCode()))
                .forEach(s -> residents.put(s.id(), s));
        Map<UUID, ResidentSnapshots.HouseholdFacts> households = snapshots.households(residents.keySet());

        Instant now = clock.instant();
        int answered = 0;
        List<ReturnView.ProposedUpdate> updates = new ArrayList<>();
        for (Map.Entry<UUID, FormFile.TitleRow> e : byKey.entrySet()) {
            ResidentSnapshot s = residents.get(e.getKey());
            FormFile.TitleRow row = e.getValue();
            if (s == null) {
                notMatched.add(row.number());
                continue;
            }
            MappedRecord record = mapper.map(definition, s, RecordMapper.Operation.UPSERT);
            Map<Integer, String> answers = new LinkedHashMap<>();
            for (Map.Entry<CollectionRecord.Column, Integer> column : at.entrySet()) {
                CollectionRecord.Column col = column.getKey();
                String value = cell(row, column.getValue());
                if (col.field() == null) {
                    answers.put(col.number(), value);
                } else if (!value.isEmpty() && !col.field().equals(FormFields.ROW_NUMBER)) {
                    // What the form was filled with, written as it writes it.
                    Object registered = CollectionForms.value(col, 0, record, households.get(s.id()));
                    if (registered == null && FormFields.isTag(col.field())) {
                        continue; // a tag the reader may not see was never filled: nothing to compare
                    }
                    if (!same(registered, value)) {
                        updates.add(new ReturnView.ProposedUpdate(
                                row.number(),
                                s.id(),
                                col.number(),
                                col.header(),
                                col.field(),
                                shown(col.field(), registered),
                                value,
                                offerable(col.field())));
                    }
                }
            }
            if (this.answers.keep(id, s.id(), community, answers, now)) {
                answered++;
            }
        }
        if (!updates.isEmpty()) {
            // What the registry holds is shown beside each change: a read of those residents' fields.
            accessLog.read(
                    actor,
                    AccessLog.Action.LIST,
                    "POST /api/v1/collections/" + id + "/returns",
                    updates.stream()
                            .map(ReturnView.ProposedUpdate::residentId)
                            .distinct()
                            .toList(),
                    updates.stream()
                            .map(ReturnView.ProposedUpdate::field)
                            .distinct()
                            .toList());
        }
        notMatched.sort(Integer::compare);
        List<ReturnView.ProposedUpdate> offered = offered(updates, toCheck, community);
        UUID returnId = Ids.newId();
        repository.returned(
                returnId,
                id,
                community,
                fileName == null ? "form" : fileName,
                actor.username(),
                now,
                returned.rows().size(),
                answered,
                notMatched.size(),
                updates.size());
        return new Received(
                new ReturnView(
                        returnId,
                        community,
                        actor.username(),
                        now,
                        returned.rows().size(),
                        answered,
                        added.size(),
                        added,
                        notMatched.size(),
                        notMatched,
                        offered,
                        null),
                toCheck);
    }

    /**
     * Whether a changed value of this field can go to the registry through the import: a field the
     * import reads, other than the ID number (by which the import finds the resident) and the
     * community (a move, recorded as one).
     */
    private static boolean offerable(String field) {
        return !field.equals("idNumber")
                && !field.equals("communityCode")
                && ResidentFields.find(field).map(ResidentField::imported).orElse(false);
    }

    /**
     * The changes the import takes, one row per resident, found by their registered ID number
     * (read in clear for that row only); a resident without one keeps their changes listed only.
     * Returns the updates with {@code offered} saying which went in.
     */
    private List<ReturnView.ProposedUpdate> offered(
            List<ReturnView.ProposedUpdate> updates, List<Map<String, String>> toCheck, String community) {
        Map<UUID, List<ReturnView.ProposedUpdate>> byResident = new LinkedHashMap<>();
        updates.stream()
                .filter(ReturnView.ProposedUpdate::offered)
                .forEach(u -> byResident
                        .computeIfAbsent(u.residentId(), k -> new ArrayList<>())
                        .add(u));
        if (byResident.isEmpty()) {
            return updates;
        }
        Map<UUID, ResidentSnapshot> withNumbers = new HashMap<>();
        snapshots.load(byResident.keySet(), true).forEach(s -> withNumbers.put(s.id(), s));
        Set<UUID> found = new HashSet<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map.Entry<UUID, List<ReturnView.ProposedUpdate>> e : byResident.entrySet()) {
            ResidentSnapshot s = withNumbers.get(e.getKey());
            if (s == null || s.idNumber() == null || s.idNumber().isBlank()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("communityCode", community);
            row.put("idNumber", s.idNumber());
            row.put("name", s.name());
            // The import checks a row as a whole registration: what it requires comes from the register.
            row.put("residenceType", s.residenceType());
            e.getValue().forEach(u -> row.put(u.field(), u.value()));
            rows.add(row);
            found.add(e.getKey());
        }
        toCheck.addAll(0, rows);
        return updates.stream()
                .map(u -> u.offered() && !found.contains(u.residentId()) ? u.notOffered() : u)
                .toList();
    }

    /**
     * A row without a key, as a registration: the values of its prefilled columns the import reads,
     * in this community; empty unless it gives a name or an ID number.
     */
    private static Map<String, String> addedPerson(
            String community, Map<CollectionRecord.Column, Integer> at, FormFile.TitleRow row) {
        Map<String, String> person = new LinkedHashMap<>();
        person.put("communityCode", community);
        for (Map.Entry<CollectionRecord.Column, Integer> column : at.entrySet()) {
            String field = column.getKey().field();
            String value = cell(row, column.getValue());
            if (field != null
                    && !value.isEmpty()
                    && !field.equals("communityCode")
                    && ResidentFields.find(field).map(ResidentField::imported).orElse(false)) {
                person.putIfAbsent(field, value);
            }
        }
        return person.containsKey("name") || person.containsKey("idNumber") ? person : Map.of();
    }

    /** What the registry holds, as the form writes it, identifiers masked as pages show them. */
    private static String shown(String field, Object registered) {
        String text = registered == null ? "" : Cells.text(registered).strip();
        if (text.isEmpty()) {
            return "";
        }
        return switch (field) {
            case "idNumber" -> Masking.maskIdNumber(text);
            case "phone" -> Masking.maskPhone(text);
            default -> text;
        };
    }

    /** Whether what the file says is what the registry holds, as the form wrote it (a CSV's apostrophe aside). */
    private static boolean same(Object registered, String value) {
        String text = Cells.text(registered).strip();
        return text.equals(value) || Cells.neutralise(registered).strip().equals(value);
    }

    private static String cell(FormFile.TitleRow row, int column) {
        return column < row.cells().size() ? row.cells().get(column) : "";
    }
}
