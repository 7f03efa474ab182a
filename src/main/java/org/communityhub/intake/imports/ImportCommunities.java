package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.communityhub.access.Actor;
import org.communityhub.access.Roles;
import org.communityhub.access.UserService;
import org.communityhub.access.UserView;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.DivisionView;
import org.communityhub.registry.place.NewDivision;

/**
 * The communities an import's rows name that the registry does not have, read from the file (every
 * one, with its name when the ledger has a column of community names beside the codes), and their
 * addition by an administrator, after which the import is checked again. The uploader and their
 * supervisors see the list and who may add them; administrators see it for any import and add.
 */
@ApplicationScoped
public class ImportCommunities {

    private static final Pattern CODE = Pattern.compile("^\\d{12}(\\.0+)?$");

    /** A community missing from the registry: its code, the name the file gives it (or null), its rows, its street. */
    public record Missing(String code, String name, long rows, String streetCode, String streetName) {

        /** Whether its street is in the registry (a community is added under its street). */
        public boolean streetKnown() {
            return streetName != null;
        }
    }

    /**
     * An import's missing communities, as the page shows them.
     *
     * @param namesInFile whether the ledger has a column of community names beside the codes
     * @param mayAdd whether the viewer may add them (an administrator whose area covers them)
     * @param mayOpenImport whether the viewer may open the import itself
     * @param admins who may add them, for a viewer who may not
     */
    public record MissingCommunities(
            UUID importId,
            String fileName,
            ImportState state,
            String createdBy,
            List<Missing> missing,
            boolean namesInFile,
            boolean mayAdd,
            boolean mayOpenImport,
            List<String> admins) {}

    private final ImportRepository repository;
    private final ImportFiles files;
    private final ImportSettings settings;
    private final ImportService imports;
    private final Vocabulary vocabulary;
    private final DivisionService divisions;
    private final UserService users;

    ImportCommunities(
            ImportRepository repository,
            ImportFiles files,
            ImportSettings settings,
            ImportService imports,
            Vocabulary vocabulary,
            DivisionService divisions,
            UserService users) {
        this.repository = repository;
        this.files = files;
        this.settings = settings;
        this.imports = imports;
        this.vocabulary = vocabulary;
        this.divisions = divisions;
        this.users = users;
    }

    /** The communities an import is missing, read from its file. */
    public MissingCommunities missing(Actor actor, UUID id) {
        ImportJob job = require(actor, id);
        List<Missing> missing = new ArrayList<>();
        boolean names = false;
        if (job.headerRow() != null && job.mapping() != null && files.exists(id)) {
            ColumnMapping mapping = ImportJobs.fromKeys(job.headers(), job.mapping());
            int codeColumn = mapping.columnOf(ImportField.COMMUNITY_CODE);
            int nameColumn = nameColumn(mapping, codeColumn);
            names = codeColumn >= 0 && nameColumn >= 0;
            if (codeColumn >= 0) {
                missing = read(job, codeColumn, nameColumn);
            }
        }
        boolean mayAdd = actor.hasRole(Roles.ADMIN) && missing.stream().allMatch(m -> actor.covers(m.code()));
        return new MissingCommunities(
                id,
                job.fileName(),
                job.state(),
                job.createdBy(),
                missing,
                names,
                mayAdd,
                ImportService.visible(actor, job),
                mayAdd ? List.of() : admins(job));
    }

    /**
     * Adds the communities (an administrator's act, all or none) and, when the import is READY,
     * checks it again; returns whether it is being checked again.
     */
    public boolean add(Actor actor, UUID id, List<NewDivision> communities) {
        if (!actor.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("admin-only", "只有系统管理员可以添加社区。");
        }
        ImportJob job = require(actor, id);
        if (communities.isEmpty()) {
            throw ProblemException.invalid("communities", "required", "没有要添加的社区。");
        }
        for (NewDivision c : communities) {
            if (!actor.covers(c.code())) {
                throw ProblemException.invalid("communities", "out-of-scope", "社区 " + c.code() + " 不在您的管辖范围内。");
            }
        }
        divisions.addCommunities(communities);
        if (job.state() != ImportState.READY) {
            return false;
        }
        try {
            imports.checkAgainAsItIs(id);
            return true;
        } catch (ProblemException e) {
            return false; // committed or cancelled meanwhile: the communities stay added
        }
    }

    /** The uploader, supervisors over them, and administrators see an import's missing communities. */
    private ImportJob require(Actor actor, UUID id) {
        return repository
                .find(id)
                .filter(j -> ImportService.visible(actor, j) || actor.hasRole(Roles.ADMIN))
                .orElseThrow(() -> ProblemException.notFound("导入"));
    }

    /** A column beside the code column whose header the vocabulary reads as the community too (所属社区, 社区名称). */
    private int nameColumn(ColumnMapping mapping, int codeColumn) {
        Vocabulary.Snapshot words = vocabulary.current();
        for (int c = 0; c < mapping.headers().size(); c++) {
            if (c != codeColumn
                    && mapping.fields().get(c) == null
                    && words.fieldFor(mapping.header(c))
                            .flatMap(ImportField::of)
                            .filter(f -> f == ImportField.COMMUNITY_CODE)
                            .isPresent()) {
                return c;
            }
        }
        return -1;
    }

    private List<Missing> read(ImportJob job, int codeColumn, int nameColumn) {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, Map<String, Long>> namesOf = new HashMap<>();
        Map<String, Boolean> known = new HashMap<>();
        try (RowSource source = Sheets.open(job.format(), files.upload(job.id()), settings, job.sheet())) {
            for (SheetRow row = source.next(); row != null; row = source.next()) {
                if (row.number() <= job.headerRow()) {
                    continue;
                }
                String cell = row.cell(codeColumn);
                String s = cell == null
                        ? ""
                        : Normalizer.normalize(cell, Normalizer.Form.NFKC).strip();
                if (!CODE.matcher(s).matches()) {
                    continue;
                }
                String code = s.substring(0, DivisionCode.COMMUNITY_LENGTH);
                if (known.computeIfAbsent(code, divisions::isCommunity)) {
                    continue;
                }
                rows.merge(code, 1L, Long::sum);
                String name = nameColumn < 0 ? null : row.cell(nameColumn);
                if (name != null
                        && !name.isBlank()
                        && !CODE.matcher(name.strip()).matches()) {
                    namesOf.computeIfAbsent(code, k -> new HashMap<>())
                            .merge(
                                    Normalizer.normalize(name, Normalizer.Form.NFKC)
                                            .strip(),
                                    1L,
                                    Long::sum);
                }
            }
        } catch (RejectedFileException e) {
            throw ProblemException.conflict("upload-unreadable", "上传的文件已不能读取，请重新导入。");
        }
        List<Missing> missing = new ArrayList<>();
        rows.forEach((code, n) -> {
            String street = DivisionCode.streetOf(code);
            // The name most of the code's rows give (a ledger typed by hand may vary).
            String name = namesOf.getOrDefault(code, Map.of()).entrySet().stream()
                    .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey)
                    .orElse(null);
            missing.add(new Missing(
                    code,
                    name,
                    n,
                    street,
                    divisions.find(street).map(DivisionView::name).orElse(null)));
        });
        missing.sort(java.util.Comparator.comparing(Missing::code));
        return missing;
    }

    /** The enabled administrators whose area covers the whole of the uploader's, by username. */
    private List<String> admins(ImportJob job) {
        List<String> found = new ArrayList<>();
        for (int page = 0; page < 50; page++) {
            Page<UserView> users = this.users.list(new PageRequest(page, PageRequest.MAX_SIZE));
            for (UserView u : users.items()) {
                if (u.enabled() && u.roles().contains(Roles.ADMIN) && covers(u.scope(), job.areaCodes())) {
                    found.add(
                            u.displayName() == null || u.displayName().isBlank()
                                    ? u.username()
                                    : u.displayName() + "（" + u.username() + "）");
                }
            }
            if (!users.hasNext()) {
                break;
            }
        }
        return found;
    }

    private static boolean covers(List<String> scope, List<String> area) {
        if (scope.contains("*")) {
            return true;
        }
        return !area.isEmpty()
                && area.stream().allMatch(c -> !"*".equals(c) && scope.stream().anyMatch(c::startsWith));
    }
}
