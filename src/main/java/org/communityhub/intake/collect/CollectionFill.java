package org.communityhub.intake.collect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.adapter.mapping.MappedRecord;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.spreadsheet.Cells;
import org.communityhub.reference.identity.Masking;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;

/**
 * Filling a community's form on the page (在页面上填写), row by row, without Excel: each resident the
 * selection takes, with their name and a few prefilled values to know them by (ID numbers and
 * phones masked, as pages show them), and the columns to fill. A row saved keeps its answers
 * through {@link CollectionAnswers}, exactly as a returned form's row does, so the summary cannot
 * tell the two apart. Showing the rows is a read of the residents' data and is logged.
 */
@ApplicationScoped
@Transactional
public class CollectionFill {

    /** Prefilled values shown beside the name, to know the resident by. */
    private static final int SHOWN = 3;

    /** Rows on one page: a page of inputs stays quick to open and to move through by keyboard. */
    static final int PAGE_SIZE = 100;

    private final CollectionService collections;
    private final CollectionForms forms;
    private final CollectionAnswers answers;
    private final RecordMapper mapper;
    private final ResidentSnapshots snapshots;
    private final AccessLog accessLog;
    private final DivisionNames divisionNames;
    private final Clock clock;

    CollectionFill(
            CollectionService collections,
            CollectionForms forms,
            CollectionAnswers answers,
            RecordMapper mapper,
            ResidentSnapshots snapshots,
            AccessLog accessLog,
            DivisionNames divisionNames,
            Clock clock) {
        this.collections = collections;
        this.forms = forms;
        this.answers = answers;
        this.mapper = mapper;
        this.snapshots = snapshots;
        this.accessLog = accessLog;
        this.divisionNames = divisionNames;
        this.clock = clock;
    }

    /** An input of a row: a column to fill and what was answered so far. */
    public record Input(int column, String header, String value) {}

    /** A resident's row: number, name, prefilled values shown (masked), inputs, whether answers are kept. */
    public record Row(
            UUID residentId, int number, String name, List<String> shown, List<Input> inputs, boolean saved) {}

    /**
     * The page: the collection, the community, the headers of what is shown and of what is filled
     * in, one page of rows, progress.
     *
     * @param page this page (0-based) of {@code pages}, {@link #PAGE_SIZE} rows each
     * @param openOnly whether only the rows nobody has saved yet are paged through
     * @param listed the rows paged through: all the selection takes, or those not yet saved
     */
    public record Sheet(
            CollectionView view,
            String community,
            String communityName,
            List<String> shownHeaders,
            List<CollectionRecord.Column> toFill,
            List<Row> rows,
            int saved,
            int total,
            int page,
            int pages,
            boolean openOnly,
            int listed) {

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages;
        }

        /** The page shown, counted from 1, as links count. */
        public int pageNumber() {
            return page + 1;
        }

        public int previousPageNumber() {
            return page;
        }

        public int nextPageNumber() {
            return page + 2;
        }
    }

    /** A saved row and the community's progress after it. */
    public record Saved(Row row, int saved, int total) {}

    /**
     * One page of the community's rows to fill ({@code page} from 0, clamped to the pages there are),
     * of all the selection takes or of those nobody has saved yet: 404 for a collection the actor
     * cannot see or a community not in it, 403 for a community outside their area; logged as a list
     * of the residents on the page, with the fields shown and the answers.
     */
    public Sheet sheet(Actor actor, java.util.UUID id, String community, int page, boolean openOnly) {
        CollectionRecord c = community(actor, id, community);
        CollectionForms.Rows rows = forms.rows(actor, c, community);
        Map<UUID, Map<Integer, String>> given = answers.of(id, rows.residents());
        List<UUID> listed = openOnly
                ? rows.residents().stream().filter(r -> !given.containsKey(r)).toList()
                : rows.residents();
        // The rows not yet filled shrink as they are saved: paging through them by position would
        // skip those moved up, so they are always shown from the first, a hundred at a time.
        int pages = openOnly ? 1 : Math.max(1, (listed.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int shownPage = Math.min(Math.max(page, 0), pages - 1);
        List<UUID> onPage = listed.subList(shownPage * PAGE_SIZE, Math.min(listed.size(), (shownPage + 1) * PAGE_SIZE));
        List<CollectionRecord.Column> shownColumns = shownColumns(c);
        Set<String> logged = new LinkedHashSet<>();
        logged.add("name");
        shownColumns.forEach(col -> logged.add(FormFields.isTag(col.field()) ? "tags" : col.field()));
        logged.add(CollectionForms.ANSWERS_LOGGED);
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /collections/" + id + "/fill/" + community,
                onPage,
                List.copyOf(logged));
        List<Row> shown = rows(actor, c, community, rows, onPage, given);
        return new Sheet(
                collections.view(c),
                community,
                divisionNames.placeName(community),
                shownColumns.stream().map(CollectionRecord.Column::header).toList(),
                toFill(c),
                shown,
                given.size(),
                rows.residents().size(),
                shownPage,
                pages,
                openOnly,
                listed.size());
    }

    /**
     * Saves a resident's answers typed on the page (column number to text; columns not to fill
     * ignored), as a returned form's row is kept; a row emptied forgets its answers. 404 for a
     * resident the collection does not take in that community, 409 once the collection is closed.
     */
    public Saved save(Actor actor, UUID id, String community, UUID resident, Map<Integer, String> typed) {
        CollectionRecord c = community(actor, id, community);
        collections.requireOpen(id);
        CollectionForms.Rows rows = forms.rows(actor, c, community);
        int at = rows.residents().indexOf(resident);
        if (at < 0) {
            throw ProblemException.notFound("这张表中的居民");
        }
        Map<Integer, String> kept = new HashMap<>();
        for (CollectionRecord.Column col : toFill(c)) {
            String value = typed.get(col.number());
            if (value != null) {
                kept.put(col.number(), value);
            }
        }
        if (!answers.keep(id, resident, community, kept, clock.instant())) {
            collections.forget(id, resident);
        }
        Map<UUID, Map<Integer, String>> given = answers.of(id, rows.residents());
        List<Row> row = rows(actor, c, community, rows, List.of(resident), given);
        if (row.isEmpty()) {
            throw ProblemException.notFound("这张表中的居民");
        }
        Row saved = row.get(0);
        return new Saved(
                new Row(saved.residentId(), at + 1, saved.name(), saved.shown(), saved.inputs(), saved.saved()),
                given.size(),
                rows.residents().size());
    }

    private CollectionRecord community(Actor actor, UUID id, String community) {
        CollectionRecord c = collections.require(actor, id);
        if (community == null || !c.communityCodes().contains(community)) {
            throw ProblemException.notFound("社区的填报表");
        }
        if (!actor.covers(community)) {
            throw ProblemException.forbidden("community-outside-area", "这个社区不在您的管辖范围内，不能填写它的填报表。");
        }
        return c;
    }

    private List<Row> rows(
            Actor actor,
            CollectionRecord c,
            String community,
            CollectionForms.Rows rows,
            List<UUID> which,
            Map<UUID, Map<Integer, String>> given) {
        List<CollectionRecord.Column> shownColumns = shownColumns(c);
        boolean identifiers = shownColumns.stream()
                .anyMatch(col -> col.field().equals("idNumber") || col.field().equals("phone"));
        Map<UUID, ResidentSnapshot> loaded = new HashMap<>();
        snapshots.load(which, identifiers).forEach(s -> loaded.put(s.id(), s));
        Map<UUID, ResidentSnapshots.HouseholdFacts> households = snapshots.households(which);
        List<CollectionRecord.Column> toFill = toFill(c);
        Map<UUID, Integer> position = new HashMap<>();
        for (int i = 0; i < rows.residents().size(); i++) {
            position.put(rows.residents().get(i), i + 1);
        }
        List<Row> out = new ArrayList<>();
        for (UUID id : which) {
            int number = position.getOrDefault(id, 0);
            ResidentSnapshot s = loaded.get(id);
            if (s == null || !community.equals(s.communityCode()) || !actor.covers(s.communityCode())) {
                continue;
            }
            MappedRecord record = mapper.map(rows.definition(), s, RecordMapper.Operation.UPSERT);
            List<String> shown = new ArrayList<>();
            for (CollectionRecord.Column col : shownColumns) {
                Object value = CollectionForms.value(col, number, record, households.get(id));
                String text = value == null ? "" : Cells.text(value);
                shown.add(
                        switch (col.field()) {
                            case "idNumber" -> text.isEmpty() ? "" : Masking.maskIdNumber(text);
                            case "phone" -> text.isEmpty() ? "" : Masking.maskPhone(text);
                            default -> text;
                        });
            }
            Map<Integer, String> answered = given.getOrDefault(id, Map.of());
            List<Input> inputs = toFill.stream()
                    .map(col -> new Input(col.number(), col.header(), answered.getOrDefault(col.number(), "")))
                    .toList();
            out.add(new Row(id, number, s.name(), shown, inputs, given.containsKey(id)));
        }
        return out;
    }

    /** A few prefilled columns besides the name and the row number, in the form's order. */
    private static List<CollectionRecord.Column> shownColumns(CollectionRecord c) {
        return c.columns().stream()
                .filter(col -> col.field() != null
                        && !col.field().equals("name")
                        && !col.field().equals(FormFields.ROW_NUMBER))
                .limit(SHOWN)
                .toList();
    }

    private static List<CollectionRecord.Column> toFill(CollectionRecord c) {
        return c.columns().stream().filter(col -> col.field() == null).toList();
    }
}
