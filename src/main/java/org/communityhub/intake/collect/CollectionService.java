package org.communityhub.intake.collect;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Roles;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.common.text.Text;
import org.communityhub.intake.imports.FormFile;
import org.communityhub.intake.imports.ImportSettings;
import org.communityhub.intake.imports.MappingChange;
import org.communityhub.intake.imports.RejectedFileException;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.ResidentField;
import org.communityhub.reference.code.ResidentFields;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.statistics.Indicator;

/**
 * Collections (摸排/填报): a supervisor (街道, or a district's supervisor) sends a form of their own
 * for residents of some of their communities; each column is mapped to what the registry knows
 * through the vocabulary an import reads ledgers with, the rest is to be filled in by the
 * communities. Everything sent is checked before anything is stored: a collection is stored whole
 * or not at all.
 */
@ApplicationScoped
@Transactional
public class CollectionService {

    /** A form is a header and a few title rows; anything larger is no form. */
    static final long MAX_FORM_BYTES = 5L << 20;

    private static final int TITLE_MAX = 200;

    private final CollectionRepository repository;
    private final Vocabulary vocabulary;
    private final ImportSettings limits;
    private final DivisionService divisions;
    private final DivisionNames divisionNames;
    private final TagVisibility tagVisibility;
    private final CodeTables codes;
    private final PiiCipher cipher;
    private final StatisticsForms statisticsForms;
    private final Clock clock;

    CollectionService(
            CollectionRepository repository,
            Vocabulary vocabulary,
            ImportSettings limits,
            DivisionService divisions,
            DivisionNames divisionNames,
            TagVisibility tagVisibility,
            CodeTables codes,
            PiiCipher cipher,
            StatisticsForms statisticsForms,
            Clock clock) {
        this.repository = repository;
        this.vocabulary = vocabulary;
        this.limits = limits;
        this.divisions = divisions;
        this.divisionNames = divisionNames;
        this.tagVisibility = tagVisibility;
        this.codes = codes;
        this.cipher = cipher;
        this.statisticsForms = statisticsForms;
        this.clock = clock;
    }

    /** What a collection is created from, as sent. */
    public record NewCollection(
            String fileName, Path file, String title, String scope, String selection, String dueDate) {}

    /**
     * Creates a collection: 422 listing every problem of what was sent (the file, its header row,
     * the title, the communities, the selection, the due date), 403 for a community outside the
     * supervisor's area or a restricted tag they may not see. A statistics form (rows of communities,
     * columns of counts) is no collection: 422 {@code statistics-form}, sent to be filled from the
     * register instead.
     */
    public CollectionView create(Actor actor, NewCollection sent) {
        requireSupervisor(actor);
        Vocabulary.Snapshot words = vocabulary.current();
        FieldErrors errors = new FieldErrors();
        String fileName = fileName(sent.fileName());
        FormFile form = null;
        byte[] content = null;
        if (sent.file() == null) {
            errors.add("file", "required", "请在表单字段 file 中上传要填报的表格（.xlsx 或 .csv）。");
        } else {
            try {
                if (Files.size(sent.file()) > MAX_FORM_BYTES) {
                    errors.add("file", "file-too-large", "表格超过 5 MB，不像是一张待填的表：请只上传表头和标题。");
                } else {
                    Optional<List<Indicator>> counts = statisticsForms.recognise(sent.file(), fileName, words);
                    if (counts.isPresent()) {
                        throw statisticsForm(counts.get());
                    }
                    form = FormFile.read(sent.file(), fileName, limits, words);
                    content = Files.readAllBytes(sent.file());
                }
            } catch (RejectedFileException e) {
                errors.add("file", e.code(), e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String title = Text.withoutInvisible(sent.title());
        title = title == null ? "" : title.strip();
        if (title.isEmpty()) {
            errors.add("title", "required", "请填写填报的名称（title），如“高龄老人走访摸排”。");
        } else if (title.length() > TITLE_MAX) {
            errors.add("title", "too-long", "名称最多 " + TITLE_MAX + " 个字。");
        }
        List<String> communities = communities(actor, sent.scope(), errors);
        Selection selection = Selection.parse(sent.selection(), words, errors);
        LocalDate due = dueDate(sent.dueDate(), errors);
        errors.throwIfAny();
        for (String tag : selection.tags()) {
            if (!tagVisibility.canSee(actor, tag)) {
                throw ProblemException.forbidden("restricted-tag", "您的角色不能按这个受限标签选定居民。");
            }
        }
        List<CollectionRecord.Column> columns = new ArrayList<>();
        for (int c = 0; c < form.headers().size(); c++) {
            String header = form.headers().get(c);
            String field = words.fieldFor(header)
                    .filter(FormFields::fillable)
                    .map(f -> FormFields.forForm(f.name(), header))
                    .or(() -> FormFields.tagColumn(words, header))
                    .or(() -> FormFields.membershipColumn(header))
                    .orElse(null);
            columns.add(new CollectionRecord.Column(c + 1, header, field));
        }
        UUID id = Ids.newId();
        CollectionRecord record = new CollectionRecord(
                id,
                title,
                selection.text(),
                due,
                fileName,
                form.xlsx(),
                form.sheet(),
                form.headerRow(),
                actor.username(),
                clock.instant(),
                clock.instant(),
                1,
                columns,
                communities.stream()
                        .map(code -> new CollectionRecord.Community(code, 0, null))
                        .toList(),
                null,
                null,
                null,
                null,
                null,
                null);
        repository.insert(
                record,
                cipher.encrypt(PiiField.COLLECTION_FORM, Base64.getEncoder().encodeToString(content)));
        return view(repository.find(id).orElseThrow());
    }

    /**
     * A statistics form sent as a collection: the register answers every cell of it, so no
     * community is asked to fill anything. Names the indicators recognised and where to fill it.
     */
    static ProblemException statisticsForm(List<Indicator> indicators) {
        List<String> names = indicators.stream().map(Indicator::name).toList();
        return new ProblemException(
                        422,
                        "statistics-form",
                        "Statistics form",
                        "这是一张统计表（每行一个社区，各列是人数、户数）：表头中的“"
                                + String.join("”“", names)
                                + "”都能由系统按登记数据直接统计，整张表由系统填好，不必发起填报让社区填写。"
                                + "请在“统计 › 填写统计表”页面（/statistics/forms）上传这张表，"
                                + "或用 POST /api/v1/statistics/forms；本次没有创建填报。")
                .with("indicators", names)
                .with("fillWith", "POST /api/v1/statistics/forms")
                .with("page", StatisticsFormPage.PATH)
                .with("pageTitle", "填写统计表");
    }

    /** A collection, for whoever's area covers one of its communities (else 404). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public CollectionView get(Actor actor, UUID id) {
        return view(require(actor, id));
    }

    /**
     * Corrects which field fills which column: a field of the catalogue (by canonical name or
     * Chinese label), or null to leave the column to be filled in. The supervisor who created the
     * collection, or one whose area covers all of it; 409 {@code collection-closed} once it is closed.
     */
    public CollectionView changeMapping(Actor actor, UUID id, MappingChange change) {
        requireSupervisor(actor);
        CollectionRecord c = require(actor, id);
        if (!mayGather(actor, c)) {
            throw ProblemException.forbidden("not-your-collection", "只有发起人或管辖全部社区的街道人员能修改这张表的列对应关系。");
        }
        if (c.closed()) {
            // The forms the communities got were filled by the mapping as it was.
            throw ProblemException.conflict("collection-closed", "这张表的填报已经关闭，列对应关系不能再改：各社区拿到的表是按原来的对应关系填的。");
        }
        if (change == null || change.columns() == null || change.columns().isEmpty()) {
            throw ProblemException.badRequest("missing-body", "请求体为空：请提交 {columns: [{column, field}]}。");
        }
        FieldErrors errors = new FieldErrors();
        List<Object[]> changes = new ArrayList<>();
        for (int i = 0; i < change.columns().size(); i++) {
            MappingChange.ColumnField cf = change.columns().get(i);
            if (cf == null
                    || cf.column() == null
                    || cf.column() < 1
                    || cf.column() > c.columns().size()) {
                errors.add(
                        "columns[" + i + "].column",
                        "unknown-column",
                        "列号应在 1 到 " + c.columns().size() + " 之间。");
                continue;
            }
            String name = cf.field() == null || cf.field().isBlank()
                    ? null
                    : cf.field().strip();
            Optional<String> field = name == null ? Optional.empty() : fieldNamed(name);
            if (name != null && field.isEmpty()) {
                errors.add(
                        "columns[" + i + "].field",
                        "unknown-field",
                        "没有这个可填的字段：请用字段目录中的字段名（如 name、age、address）或它的中文名，或 tag:标签名（填 是/否）。");
                continue;
            }
            changes.add(new Object[] {cf.column(), field.orElse(null)});
        }
        errors.throwIfAny();
        for (Object[] ch : changes) {
            repository.setField(id, (Integer) ch[0], (String) ch[1]);
        }
        repository.changed(id, clock.instant());
        return view(repository.find(id).orElseThrow());
    }

    /**
     * Closes the collection (结束填报): no more forms downloaded, rows saved on the page or forms
     * returned; the summary stays. The supervisor who created it, or one whose area covers all of
     * it (as for the mapping); 409 {@code collection-closed} if it already is.
     */
    public CollectionView close(Actor actor, UUID id) {
        CollectionRecord c = requireManager(actor, id, "只有发起人或管辖全部社区的街道人员能关闭这张表的填报。");
        if (c.closed() || !repository.close(id, actor.username(), clock.instant())) {
            throw closed();
        }
        return view(repository.find(id).orElseThrow());
    }

    /**
     * Opens a closed collection again (重新开启填报), for a community that still had its form to
     * send: downloads, saves and returns are taken again, under the mapping as it is. Who may close
     * it may do this; 409 {@code collection-open} if it is open, 409 {@code answers-deleted} once
     * its answers were deleted (the communities' answers would be gone from under them).
     */
    public CollectionView reopen(Actor actor, UUID id) {
        CollectionRecord c = requireManager(actor, id, "只有发起人或管辖全部社区的街道人员能重新开启这张表的填报。");
        if (!c.closed()) {
            throw ProblemException.conflict("collection-open", "这张表正在填报中，不需要重新开启。");
        }
        if (c.answersDeletedAt() != null) {
            throw ProblemException.conflict("answers-deleted", "这张表的填报内容已经删除，不能重新开启：如仍需收集，请重新发起一次填报。");
        }
        if (!repository.reopen(id, actor.username(), clock.instant())) {
            throw ProblemException.conflict("collection-changed", "这张表的状态刚刚改变，请刷新后再试。");
        }
        return view(repository.find(id).orElseThrow());
    }

    /** The answers of a closed collection deleted: how many residents', by whom, when. */
    public record AnswersDeleted(UUID collectionId, int deleted, Instant deletedAt, String deletedBy) {}

    /**
     * Deletes every answer kept for the collection (本次填报的内容), once it is closed (else 409
     * {@code collection-open}): the form, the columns and the returns' counts stay; the summary
     * has its columns to fill empty. Who may close it may do this.
     */
    public AnswersDeleted deleteAnswers(Actor actor, UUID id) {
        CollectionRecord c = requireManager(actor, id, "只有发起人或管辖全部社区的街道人员能删除这张表的填报内容。");
        if (!c.closed()) {
            throw ProblemException.conflict("collection-open", "填报还没有关闭：请先关闭填报，再删除填报内容。");
        }
        Instant now = clock.instant();
        int deleted = repository.deleteAnswers(id, actor.username(), now);
        return new AnswersDeleted(id, deleted, now, actor.username());
    }

    /**
     * Deletes the answers of collections closed before the cutoff (the retention period), as the
     * hub itself; how many residents' answers, by collection.
     */
    public Map<UUID, Integer> deleteAnswersClosedBefore(Instant cutoff, Actor hub) {
        Map<UUID, Integer> deleted = new java.util.LinkedHashMap<>();
        Instant now = clock.instant();
        for (UUID id : repository.closedBeforeWithAnswers(cutoff)) {
            deleted.put(id, repository.deleteAnswers(id, hub.username(), now, cutoff));
        }
        return deleted;
    }

    /**
     * Refuses what a closed collection no longer takes (a form downloaded, a row saved, a form
     * returned) with 409 {@code collection-closed}. The collection stays locked against closing
     * until the caller's transaction ends, so nothing is kept after it was closed.
     */
    void requireOpen(UUID id) {
        if (repository.closedAtLocked(id).isPresent()) {
            throw closed();
        }
    }

    private static ProblemException closed() {
        return ProblemException.conflict("collection-closed", "这张表的填报已经关闭：不能再下载、填写或交回，汇总表仍可下载。");
    }

    /** The collection, for a supervisor who may change it (403 otherwise, 404 if they cannot see it). */
    private CollectionRecord requireManager(Actor actor, UUID id, String refusal) {
        requireSupervisor(actor);
        CollectionRecord c = require(actor, id);
        if (!mayGather(actor, c)) {
            throw ProblemException.forbidden("not-your-collection", refusal);
        }
        return c;
    }

    /**
     * Whether the actor may change the collection and gather what came back: a supervisor who
     * created it, or one whose area covers all its communities.
     */
    boolean mayGather(Actor actor, CollectionRecord c) {
        return actor.hasRole(Roles.SUPERVISOR)
                && (actor.username().equals(c.createdBy())
                        || c.communityCodes().stream().allMatch(actor::covers));
    }

    /**
     * The cells the hub filled in forms of the actor's communities that were first filled in
     * {@code month} (in {@code zone}; the home page's entries saved), by collection title, in the
     * order the collections were made: each a value a worker would otherwise have typed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Long> cellsFilled(Actor actor, YearMonth month, ZoneId zone) {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Map<String, Long> byTitle = new java.util.LinkedHashMap<>();
        for (CollectionRepository.CellsFilled c : repository.cellsFilled(from, to)) {
            if (actor.covers(c.community())) {
                byTitle.merge(c.title(), c.cells(), Long::sum);
            }
        }
        return byTitle;
    }

    /**
     * The collections the actor may see — those they created and those for one of their
     * communities — newest first, each with every community's progress.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<CollectionView> list(Actor actor, PageRequest paging) {
        List<UUID> visible = repository.listed().stream()
                .filter(c -> actor.username().equals(c.createdBy())
                        || c.communities().stream().anyMatch(actor::covers))
                .map(CollectionRepository.Listed::id)
                .toList();
        List<CollectionView> items = visible.stream()
                .skip(paging.offset())
                .limit(paging.size())
                .map(id -> repository.find(id).map(this::view))
                .flatMap(Optional::stream)
                .toList();
        return new Page<>(items, visible.size(), paging.page(), paging.size());
    }

    /** The collection, if the actor's area covers one of its communities (or they created it); else 404. */
    CollectionRecord require(Actor actor, UUID id) {
        return repository
                .find(id)
                .filter(c -> actor.username().equals(c.createdBy())
                        || c.communityCodes().stream().anyMatch(actor::covers))
                .orElseThrow(() -> ProblemException.notFound("填报"));
    }

    /** Forgets a resident's answers (a row emptied on the fill page). */
    void forget(UUID id, UUID resident) {
        repository.forget(id, resident);
    }

    /** The form as it was uploaded. */
    byte[] form(UUID id) {
        return Base64.getDecoder().decode(cipher.decrypt(PiiField.COLLECTION_FORM, repository.form(id)));
    }

    CollectionView view(CollectionRecord c) {
        Map<String, CollectionRepository.Progress> progress = repository.progress(c.id());
        Selection selection = Selection.parse(c.selection(), vocabulary.current(), new FieldErrors());
        return new CollectionView(
                c.id(),
                c.title(),
                c.selection(),
                selection.describe(tag ->
                        codes.get(CodeTables.TAG).entry(tag).map(e -> e.name()).orElse(tag)),
                c.dueDate(),
                c.fileName(),
                c.xlsx() ? "XLSX" : "CSV",
                c.sheet(),
                c.headerRow(),
                c.columns().stream()
                        .map(col -> new CollectionView.ColumnView(
                                col.number(),
                                col.header(),
                                col.field(),
                                label(col.field()),
                                col.field() == null ? CollectionView.TO_FILL : CollectionView.PREFILLED))
                        .toList(),
                c.communities().stream()
                        .map(m -> {
                            CollectionRepository.Progress p =
                                    progress.getOrDefault(m.code(), new CollectionRepository.Progress(0, null, 0));
                            return new CollectionView.CommunityView(
                                    m.code(),
                                    divisionNames.placeName(m.code()),
                                    p.returns() > 0 ? "returned" : "open",
                                    m.formsDownloaded(),
                                    m.lastDownloadAt(),
                                    p.returns(),
                                    p.lastReturnAt(),
                                    p.rowsAnswered());
                        })
                        .toList(),
                c.createdBy(),
                c.createdAt(),
                c.version(),
                c.closed() ? CollectionView.CLOSED : CollectionView.OPEN,
                c.closedAt(),
                c.closedBy(),
                c.answersDeletedAt(),
                c.answersDeletedBy(),
                c.reopenedAt(),
                c.reopenedBy());
    }

    private static void requireSupervisor(Actor actor) {
        if (!actor.hasRole(Roles.SUPERVISOR)) {
            throw ProblemException.forbidden("supervisors-only", "只有街道或区级的管理人员（supervisor）能发起和修改填报。");
        }
    }

    private List<String> communities(Actor actor, String scope, FieldErrors errors) {
        Set<String> codes = new LinkedHashSet<>();
        if (scope != null) {
            for (String part : scope.split("[,，、;；\\s]+")) {
                if (!part.isBlank()) {
                    codes.add(part.strip());
                }
            }
        }
        if (codes.isEmpty()) {
            errors.add("scope", "scope-required", "请列出要填报的社区代码（scope，12 位，逗号分隔）。");
        }
        int position = 0;
        for (String code : codes) {
            position++;
            if (!DivisionCode.isCommunity(code) || !divisions.isCommunity(code)) {
                errors.add("scope", "unknown-community", "第 " + position + " 个社区代码不是登记在系统中的社区（应为 12 位统计用区划代码）。");
            } else if (!actor.covers(code)) {
                errors.add("scope", "outside-area", "第 " + position + " 个社区不在您的管辖范围内。");
            }
        }
        return List.copyOf(codes);
    }

    private LocalDate dueDate(String raw, FieldErrors errors) {
        if (raw == null || raw.isBlank()) {
            errors.add("dueDate", "required", "请填写截止日期（dueDate，yyyy-MM-dd）。");
            return null;
        }
        try {
            LocalDate due = LocalDate.parse(raw.strip());
            if (due.isBefore(LocalDate.now(clock))) {
                errors.add("dueDate", "in-the-past", "截止日期已经过去了。");
            }
            return due;
        } catch (DateTimeParseException e) {
            errors.add("dueDate", "invalid-date", "截止日期应写作 yyyy-MM-dd，如 2026-12-31。");
            return null;
        }
    }

    private static String fileName(String sent) {
        String name = Text.withoutInvisible(sent);
        if (name == null || name.isBlank()) {
            return "form";
        }
        name = Path.of(name).getFileName().toString();
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }

    /** A field a column may be mapped to: from the catalogue, by name or label, or a tag as tag:<code or name>. */
    private Optional<String> fieldNamed(String name) {
        if (name.startsWith(FormFields.TAG_PREFIX)) {
            String tag = name.substring(FormFields.TAG_PREFIX.length()).strip();
            return vocabulary.current().code(CodeTables.TAG, tag).map(code -> FormFields.TAG_PREFIX + code);
        }
        return FormFields.named(name).map(ResidentField::name);
    }

    /** A column's field in words: the catalogue's label, or 标签：<name>（是/否） for a tag. */
    String label(String field) {
        if (field == null) {
            return null;
        }
        if (FormFields.isTag(field)) {
            String code = FormFields.tagCode(field);
            return "标签："
                    + codes.get(CodeTables.TAG).entry(code).map(e -> e.name()).orElse(code) + "（是/否）";
        }
        return ResidentFields.get(field).label();
    }

    /** Every tag as a column's field (tag:<code>), in the tag table's order. */
    List<String> tagFields() {
        return codes.get(CodeTables.TAG).getEntries().stream()
                .map(e -> FormFields.TAG_PREFIX + e.code())
                .toList();
    }
}
