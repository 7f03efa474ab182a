package org.communityhub.registry.place;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.communityhub.access.AreaScope;
import org.communityhub.access.KnownDivisions;
import org.communityhub.common.csv.CsvReader;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.place.DivisionRepository.UpsertCounts;

/** Administrative divisions: look-up, adding communities, bulk import of statistical code lists. */
@ApplicationScoped
@Transactional
public class DivisionService implements KnownDivisions {

    /** Result of a bulk import. */
    public record ImportResult(int rows, int created, int renamed, int unchanged) {}

    private static final int MAX_REPORTED_ERRORS = 100;

    private final DivisionRepository divisions;
    private final DivisionNames names;
    private final DivisionMapper mapper;

    DivisionService(DivisionRepository divisions, DivisionMapper mapper, DivisionNames names) {
        this.divisions = divisions;
        this.mapper = mapper;
        this.names = names;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DivisionView> find(String code) {
        return divisions.findByIdOptional(code).map(mapper::toView);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DivisionView get(String code) {
        return find(code).orElseThrow(() -> ProblemException.notFound("行政区划"));
    }

    /** Whether {@code code} names a community (社区) or village: the places residents live in. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isCommunity(String code) {
        return DivisionCode.levelOf(code) == DivisionCode.COMMUNITY_LEVEL
                && divisions.findByIdOptional(code).isPresent();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @Override
    public boolean exists(String code) {
        return code != null && divisions.findByIdOptional(code).isPresent();
    }

    /**
     * The communities (社区/村) inside an area, by code, for a user to choose from: empty when the
     * area holds more than {@code limit} of them (the user then types a community code instead).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<List<DivisionView>> communitiesIn(AreaScope scope, int limit) {
        List<Division> found = divisions.communitiesIn(scope, limit + 1);
        if (found.size() > limit) {
            return Optional.empty();
        }
        return Optional.of(found.stream().map(mapper::toView).toList());
    }

    /** Children of a division, or the provinces when {@code parentCode} is null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DivisionView> children(String parentCode, String nameContains, PageRequest page) {
        if (parentCode != null && divisions.findByIdOptional(parentCode).isEmpty()) {
            throw ProblemException.notFound("行政区划");
        }
        String q = nameContains == null || nameContains.isBlank() ? null : nameContains.strip();
        List<DivisionView> items = divisions.children(parentCode, q, page.page(), page.size()).stream()
                .map(mapper::toView)
                .toList();
        return new Page<>(items, divisions.countChildren(parentCode, q), page.page(), page.size());
    }

    /** A community as the communities page lists it, with its street. */
    public record Community(String code, String name, String streetCode, String streetName) {}

    /**
     * The communities (社区/村) inside an area, a page at a time, by code; {@code q}: part of the
     * name, or the start of the code.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Community> communities(AreaScope scope, String q, PageRequest page) {
        var query = divisions.communities(scope, q == null || q.isBlank() ? null : q.strip());
        List<Community> items = query.page(page.page(), page.size()).list().stream()
                .map(d -> new Community(d.code, d.name, d.parentCode, names.name(d.parentCode)))
                .toList();
        return new Page<>(items, query.count(), page.page(), page.size());
    }

    /**
     * Adds several communities at once, all or none: a problem of any of them (a street not in the
     * registry, a code already there) refuses them all, each problem named by its index
     * ({@code communities[2].code}).
     */
    public List<DivisionView> addCommunities(List<NewDivision> requests) {
        FieldErrors errors = new FieldErrors();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            NewDivision r = requests.get(i);
            String at = "communities[" + i + "]";
            if (!DivisionCode.isCommunity(r.code())) {
                errors.add(at + ".code", "invalid-format", "社区（村）代码应为 12 位数字。");
            } else if (!seen.add(r.code())) {
                errors.add(at + ".code", "duplicate-division", "代码 " + r.code() + " 重复出现。");
            } else if (divisions.findByIdOptional(r.code()).isPresent()) {
                errors.add(at + ".code", "duplicate-division", "代码 " + r.code() + " 已在登记簿中。");
            } else if (divisions
                    .findByIdOptional(r.parentCode())
                    .filter(p -> p.level == DivisionCode.COMMUNITY_LEVEL - 1)
                    .isEmpty()) {
                errors.add(
                        at + ".parentCode",
                        "unknown-division",
                        "代码 " + r.code() + " 的前 9 位 " + r.parentCode() + " 不是登记簿中的乡镇（街道）：请先核对代码，或先添加该街道。");
            }
        }
        errors.throwIfAny();
        return requests.stream().map(this::add).toList();
    }

    public DivisionView add(NewDivision request) {
        Division parent = divisions
                .findByIdOptional(request.parentCode())
                .orElseThrow(() -> ProblemException.invalid("parentCode", "unknown-division", "上级区划不存在。"));
        if (DivisionCode.lengthBelow(parent.level) != request.code().length()) {
            throw ProblemException.invalid(
                    "code", "level-mismatch", "该上级区划之下的代码应为 " + DivisionCode.lengthBelow(parent.level) + " 位。");
        }
        if (divisions.findByIdOptional(request.code()).isPresent()) {
            throw ProblemException.conflict("duplicate-division", "该区划代码已存在。");
        }
        Division division = new Division();
        division.code = request.code();
        division.name = request.name();
        division.level = (short) DivisionCode.levelOf(request.code());
        division.parentCode = parent.code;
        divisions.persist(division);
        return mapper.toView(division);
    }

    /**
     * Imports communities and villages from a statistical code list in the format {@code
     * code,name,streetCode,...} (the header row names the columns). All or nothing: a file with
     * any bad row changes nothing and gets every problem (up to 100) back.
     */
    public ImportResult importCommunities(InputStream csv) {
        Reader strictUtf8 = new InputStreamReader(
                csv,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        try (CsvReader reader = new CsvReader(strictUtf8)) {
            List<String> header = reader.next();
            if (header == null) {
                throw ProblemException.invalid("file", "empty-file", "文件为空。");
            }
            int code = column(header, "code");
            int name = column(header, "name");
            int parent = column(header, "streetCode");
            FieldErrors errors = new FieldErrors();
            if (code < 0 || name < 0 || parent < 0) {
                throw ProblemException.invalid("file", "missing-columns", "第一行应为表头，至少包含 code、name、streetCode 三列。");
            }
            RowIterator rows = new RowIterator(reader, code, name, parent, errors);
            int staged = divisions.stage(rows);
            List<FieldError> problems = new ArrayList<>(errors.list());
            if (problems.size() < MAX_REPORTED_ERRORS) {
                problems.addAll(divisions.checkStaged(MAX_REPORTED_ERRORS - problems.size(), "streetCode"));
            }
            if (!problems.isEmpty()) {
                throw ProblemException.invalid(problems);
            }
            if (staged == 0) {
                throw ProblemException.invalid("file", "empty-file", "文件中没有区划数据。");
            }
            UpsertCounts counts = divisions.upsertStaged();
            names.forgetAll(); // renamed communities
            return new ImportResult(staged, counts.created(), counts.renamed(), counts.unchanged());
        } catch (CsvReader.CsvFormatException e) {
            throw ProblemException.invalid("file", "malformed-csv", "CSV 格式错误：" + e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw ProblemException.invalid("file", "invalid-encoding", "文件不是 UTF-8 编码，或含有无效字节。请另存为 UTF-8 编码的 CSV。");
            }
            throw e;
        }
    }

    /** Loads the shipped reference levels (province to street); used at start-up. */
    UpsertCounts loadReference(Iterator<DivisionRow> rows) {
        divisions.stage(rows);
        List<FieldError> problems = divisions.checkStaged(10, "parentCode");
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Shipped division data is inconsistent: " + problems);
        }
        UpsertCounts counts = divisions.upsertStaged();
        names.forgetAll();
        return counts;
    }

    private static int column(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().replace("\uFEFF", "").equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Reads, validates and hands on the rows of an import; bad rows are noted and skipped. */
    private static final class RowIterator implements Iterator<DivisionRow> {
        private final CsvReader reader;
        private final int code;
        private final int name;
        private final int parent;
        private final FieldErrors errors;
        private DivisionRow next;

        RowIterator(CsvReader reader, int code, int name, int parent, FieldErrors errors) {
            this.reader = reader;
            this.code = code;
            this.name = name;
            this.parent = parent;
            this.errors = errors;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                List<String> row = reader.next();
                if (row == null) {
                    return false;
                }
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                next = validate(row, reader.recordLine());
            }
            return true;
        }

        @Override
        public DivisionRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            DivisionRow row = next;
            next = null;
            return row;
        }

        private DivisionRow validate(List<String> row, int line) {
            String c = cell(row, code);
            String n = cell(row, name);
            String p = cell(row, parent);
            int before = errors.list().size();
            if (errors.list().size() >= MAX_REPORTED_ERRORS) {
                return null;
            }
            if (!DivisionCode.isCommunity(c)) {
                errors.add("line[" + line + "].code", "invalid-format", "社区（村）代码应为 12 位数字。");
            } else if (!c.startsWith(p)) {
                errors.add("line[" + line + "].code", "parent-mismatch", "区划代码应以所属乡镇（街道）代码开头。");
            }
            if (!DivisionCode.isStreet(p)) {
                errors.add("line[" + line + "].streetCode", "invalid-format", "所属乡镇（街道）代码应为 9 位数字。");
            }
            if (n.isEmpty() || n.length() > 100) {
                errors.add("line[" + line + "].name", "invalid-name", "名称不能为空，最多 100 个字。");
            }
            return errors.list().size() == before ? new DivisionRow(c, n, p, line) : null;
        }

        private static String cell(List<String> row, int index) {
            return index < row.size() ? row.get(index).strip() : "";
        }
    }
}
