package org.communityhub.intake.imports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.communityhub.common.error.FieldError;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.InvisibleCharacters;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.party.PartyMemberStatus;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.resident.ResidentRequest;

/**
 * Turns one row of a ledger into a resident request as the registry takes it: dates read from
 * their spreadsheet forms, coded cells from names or codes, party and league columns into
 * memberships. What cannot be read with certainty becomes a finding on its cell and is left out of
 * the request; the registry's own rules ({@code RegisterResident.check}) judge the rest.
 */
final class RowInterpreter {

    /** A row read: the request, what reading it found, and its household columns. */
    record Interpreted(
            ResidentRequest request,
            List<ImportFinding> findings,
            String householdNumber,
            String relationToHead,
            String householdType,
            boolean nameCleaned) {

        boolean hasErrorOn(String field) {
            return findings.stream()
                    .anyMatch(f -> f.severity() == ImportFinding.Severity.ERROR && field.equals(f.field()));
        }
    }

    /** The code of a row's finding when the file has no community column and the uploader more than one community. */
    static final String NO_COMMUNITY_COLUMN = "community-unknown";

    private static final String PARTY = "01";
    private static final String PROBATIONARY = "02";
    private static final String LEAGUE = "03";

    /** The most characters of an unknown tag a message repeats. */
    private static final int MAX_QUOTED = 20;
    /** Spaces inside a name written only in Chinese characters: padding to a column's width (王  芳). */
    private static final Pattern HAN_WITH_SPACES = Pattern.compile("^[\\p{IsHan}·\\s]+$");

    private static final Pattern TAG_SEPARATORS = Pattern.compile("[,，、;；\\s/|｜]+");

    private final ColumnMapping mapping;
    private final Vocabulary.Snapshot vocabulary;
    private final LedgerCommunities communities;
    private final boolean date1904;
    private final Predicate<String> mayTag;

    /**
     * @param mayTag whether the uploader may set a tag (restricted tags are for the roles granted them)
     */
    RowInterpreter(
            ColumnMapping mapping,
            Vocabulary.Snapshot vocabulary,
            LedgerCommunities communities,
            boolean date1904,
            Predicate<String> mayTag) {
        this.mapping = mapping;
        this.vocabulary = vocabulary;
        this.communities = communities;
        this.date1904 = date1904;
        this.mayTag = mayTag;
    }

    Interpreted interpret(SheetRow row) {
        List<ImportFinding> findings = new ArrayList<>();
        Map<ImportField, String> text = new EnumMap<>(ImportField.class);
        for (ImportField f : ImportField.values()) {
            int c = mapping.columnOf(f);
            if (c < 0) {
                continue;
            }
            String v = row.cell(c);
            v = v == null ? null : v.strip();
            if (v != null && !v.isEmpty()) {
                text.put(f, v);
            }
        }

        boolean nameCleaned = false;
        String rawName = mapping.has(ImportField.NAME) ? row.cell(mapping.columnOf(ImportField.NAME)) : null;
        if (rawName != null) {
            String cleaned = cleanName(rawName);
            // A no-break space at the edge is stripped by the name's own normalisation as well;
            // it is still a character the worker did not mean, and is reported as the others are.
            if (!cleaned.equals(PersonName.normalise(rawName)) || InvisibleCharacters.in(rawName)) {
                String problem = PersonName.problem(PersonName.normalise(cleaned));
                if (problem == null) {
                    nameCleaned = true;
                } else if (InvisibleCharacters.in(rawName)) {
                    findings.add(error(
                            row,
                            ImportField.NAME,
                            "invisible-characters",
                            "姓名中有不可见字符（如零宽空格、不换行空格），导入时会去掉；去掉后仍有问题：" + problem));
                }
                if (cleaned.isEmpty()) {
                    text.remove(ImportField.NAME);
                } else {
                    text.put(ImportField.NAME, cleaned);
                }
            }
        }

        String idNumber = text.get(ImportField.ID_NUMBER);
        int idColumn = mapping.columnOf(ImportField.ID_NUMBER);
        if (idNumber != null && row.isNumeric(idColumn)) {
            findings.add(error(
                    row,
                    ImportField.ID_NUMBER,
                    "id-number-numeric-cell",
                    "证件号码单元格是“数字”格式：表格软件按数字保存时只保留 15 位有效数字，末几位可能已经丢失，无法还原。" + "请把该列设为“文本”格式，按原件重新录入。"));
        }

        Map<ImportField, String> dates = new EnumMap<>(ImportField.class);
        for (ImportField f : ImportField.values()) {
            if (f.isDate() && text.containsKey(f)) {
                Optional<LocalDate> d = ImportDates.parse(text.get(f), row.isNumeric(mapping.columnOf(f)), date1904);
                if (d.isPresent()) {
                    dates.put(f, d.get().toString());
                } else {
                    findings.add(error(
                            row,
                            f,
                            "unreadable-date",
                            f.label() + "无法识别为日期：请写成 1990-01-02、1990年1月2日、1990/1/2、1990.1.2 或 19900102。"));
                }
            }
        }

        Map<ImportField, String> codes = new EnumMap<>(ImportField.class);
        for (ImportField f : ImportField.values()) {
            if (f.codeTable() != null && text.containsKey(f)) {
                Optional<String> code = vocabulary.code(f.codeTable(), text.get(f));
                if (code.isPresent()) {
                    codes.put(f, code.get());
                } else {
                    findings.add(error(
                            row,
                            f,
                            "unknown-code",
                            f.label() + "无法识别：请写成标准名称（如“"
                                    + vocabulary.names(f.codeTable()).get(0) + "”）或其代码；" + "如这是本区常用的说法，可请管理员把它加入词汇表。"));
                }
            }
        }

        String political = codes.get(ImportField.POLITICAL_STATUS);
        PartyMembershipRequest party = null;
        boolean partyColumns = dates.containsKey(ImportField.PARTY_JOINED_ON)
                || dates.containsKey(ImportField.PARTY_FULL_MEMBER_ON)
                || text.containsKey(ImportField.PARTY_BRANCH);
        if (PARTY.equals(political) || PROBATIONARY.equals(political)) {
            party = new PartyMembershipRequest(
                    PARTY.equals(political) ? PartyMemberStatus.FULL : PartyMemberStatus.PROBATIONARY,
                    date(dates.get(ImportField.PARTY_JOINED_ON)),
                    date(dates.get(ImportField.PARTY_FULL_MEMBER_ON)),
                    text.get(ImportField.PARTY_BRANCH),
                    null,
                    null,
                    null);
        } else if (partyColumns && !findings.stream().anyMatch(f -> "politicalStatus".equals(f.field()))) {
            ImportField where = dates.containsKey(ImportField.PARTY_JOINED_ON)
                    ? ImportField.PARTY_JOINED_ON
                    : dates.containsKey(ImportField.PARTY_FULL_MEMBER_ON)
                            ? ImportField.PARTY_FULL_MEMBER_ON
                            : ImportField.PARTY_BRANCH;
            findings.add(error(
                    row, where, "party-columns-without-membership", "填写了党员信息（入党日期、转正日期或党支部），但政治面貌不是中共党员或中共预备党员：请核对。"));
        }
        LeagueMembershipRequest league = null;
        boolean leagueColumns = dates.containsKey(ImportField.LEAGUE_JOINED_ON)
                || text.containsKey(ImportField.LEAGUE_NUMBER)
                || text.containsKey(ImportField.LEAGUE_BRANCH);
        if (LEAGUE.equals(political) || (leagueColumns && (political == null || party != null))) {
            league = new LeagueMembershipRequest(
                    date(dates.get(ImportField.LEAGUE_JOINED_ON)),
                    text.get(ImportField.LEAGUE_NUMBER),
                    text.get(ImportField.LEAGUE_BRANCH),
                    null);
        } else if (leagueColumns && !findings.stream().anyMatch(f -> "politicalStatus".equals(f.field()))) {
            ImportField where = dates.containsKey(ImportField.LEAGUE_JOINED_ON)
                    ? ImportField.LEAGUE_JOINED_ON
                    : text.containsKey(ImportField.LEAGUE_NUMBER)
                            ? ImportField.LEAGUE_NUMBER
                            : ImportField.LEAGUE_BRANCH;
            findings.add(error(
                    row, where, "league-columns-without-membership", "填写了团员信息（入团日期、团员编号或团支部），但政治面貌既不是共青团员，也不是党员：请核对。"));
        }

        List<String> tags = text.containsKey(ImportField.TAGS) ? tags(row, text.get(ImportField.TAGS), findings) : null;

        String community = mapping.has(ImportField.COMMUNITY_CODE)
                ? communities.resolve(text.get(ImportField.COMMUNITY_CODE))
                : communities.defaultCode();
        if (community == null && !mapping.has(ImportField.COMMUNITY_CODE)) {
            // Said once for the file, on its header row (ImportCheck); here only what stops the row.
            findings.add(ImportFinding.error(
                    row.number(), null, null, "communityCode", NO_COMMUNITY_COLUMN, "没有社区：表中没有社区列（见表头行的说明）。"));
        }

        String householdNumber = text.get(ImportField.HOUSEHOLD_NUMBER);
        String relation = codes.get(ImportField.RELATION_TO_HEAD);
        if (householdNumber == null && text.containsKey(ImportField.RELATION_TO_HEAD)) {
            findings.add(
                    error(row, ImportField.RELATION_TO_HEAD, "relation-without-household", "填写了与户主关系，但没有户号：请补上户号。"));
        } else if (householdNumber != null && relation == null && !text.containsKey(ImportField.RELATION_TO_HEAD)) {
            findings.add(error(
                    row, ImportField.HOUSEHOLD_NUMBER, "household-without-relation", "填写了户号，但没有与户主关系：请补上（户主本人为“户主”）。"));
        }

        ResidentRequest request = new ResidentRequest(
                text.get(ImportField.NAME),
                idNumber,
                null,
                codes.get(ImportField.SEX),
                dates.get(ImportField.BIRTH_DATE),
                codes.get(ImportField.ETHNICITY),
                political,
                codes.get(ImportField.EDUCATION),
                codes.get(ImportField.MARITAL_STATUS),
                text.get(ImportField.PHONE),
                codes.get(ImportField.RESIDENCE_TYPE),
                community,
                text.get(ImportField.BUILDING),
                text.get(ImportField.UNIT),
                text.get(ImportField.ROOM),
                tags,
                party,
                league);
        return new Interpreted(
                request,
                findings,
                householdNumber,
                relation,
                codes.getOrDefault(ImportField.HOUSEHOLD_TYPE, "1"),
                nameCleaned);
    }

    /**
     * The tags a cell names, as codes: each word by the vocabulary (空巢老人, 低保, 高龄 …). A word
     * that names no tag, or a tag the uploader may not set, is left out with a warning: the person
     * is imported all the same.
     */
    private List<String> tags(SheetRow row, String cell, List<ImportFinding> findings) {
        List<String> tags = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> restricted = new ArrayList<>();
        for (String word : TAG_SEPARATORS.split(cell)) {
            if (word.isBlank()) {
                continue;
            }
            Optional<String> code = vocabulary.code(CodeTables.TAG, word);
            if (code.isEmpty()) {
                String shown = InvisibleCharacters.removed(word).strip();
                unknown.add(shown.length() > MAX_QUOTED ? shown.substring(0, MAX_QUOTED) + "…" : shown);
            } else if (!mayTag.test(code.get())) {
                restricted.add(code.get());
            } else if (!tags.contains(code.get())) {
                tags.add(code.get());
            }
        }
        if (!unknown.isEmpty()) {
            findings.add(onColumn(
                    row,
                    ImportField.TAGS,
                    "unknown-tag",
                    "标签“" + String.join("”“", unknown) + "”不是已知的标签，没有导入（本行其余内容照常导入）。已知的标签："
                            + String.join("、", vocabulary.names(CodeTables.TAG))
                            + "。如这是本区常用的说法，可请管理员把它加入词汇表。",
                    ImportFinding.Severity.WARNING));
        }
        if (!restricted.isEmpty()) {
            findings.add(onColumn(
                    row,
                    ImportField.TAGS,
                    "restricted-tag-left-out",
                    "您的角色不能设置受限标签（" + restricted.size() + " 个），这些标签没有导入；本行其余内容照常导入。",
                    ImportFinding.Severity.WARNING));
        }
        return tags;
    }

    /**
     * A name without what nobody typed on purpose: invisible characters, and the spaces that pad a
     * name written in Chinese characters to a column's width (王　芳). Normalised as the registry does.
     */
    static String cleanName(String raw) {
        String s = PersonName.normalise(InvisibleCharacters.removed(raw));
        if (HAN_WITH_SPACES.matcher(s).matches()) {
            s = s.replaceAll("\\s+", "");
        }
        return s;
    }

    /** The registry's objections to a row, placed on the row's cells; one finding per field at most. */
    List<ImportFinding> place(SheetRow row, List<FieldError> errors, List<ImportFinding> already) {
        List<ImportFinding> placed = new ArrayList<>();
        for (FieldError e : errors) {
            ImportField f = fieldOf(e.field());
            String key = f == null ? e.field() : f.key();
            boolean taken = already.stream().anyMatch(a -> key.equals(a.field()))
                    || placed.stream()
                            .anyMatch(a -> key.equals(a.field()) && a.code().equals(e.code()));
            if (taken) {
                continue;
            }
            int c = f == null ? -1 : mapping.columnOf(f);
            placed.add(ImportFinding.error(
                    row.number(),
                    c < 0 ? null : c + 1,
                    c < 0 ? null : mapping.header(c),
                    key,
                    e.code(),
                    inWorkersWords(e.code(), e.message())));
        }
        return placed;
    }

    /** Parenthesised API names in a registry message ((partyMembership), (idNumberChecked: true)). */
    private static final Pattern API_NAMES = Pattern.compile("[（(][A-Za-z][A-Za-z.\\[\\]0-9]*(:\\s*\\w+)?[）)]");

    /**
     * A registry message as a worker importing a ledger reads it: the API's words (field names,
     * {@code idNumberChecked: true}) replaced by what to do in the file.
     */
    static String inWorkersWords(String code, String message) {
        return switch (code) {
            case "id-number-possibly-truncated" ->
                "证件号码末三位为 000：这常是表格软件只保留 15 位有效数字造成的。" + "请对照证件原件核实；如有误，改正后重新上传；确实如此的，请在居民登记页逐个登记。";
            case "unknown-community" -> "社区代码不在登记簿中（全表缺少的社区见表头行的汇总）。";
            case "unknown-code" -> message.replaceAll("代码表 [a-z-]+ 中", "代码表中");
            default -> API_NAMES.matcher(message).replaceAll("");
        };
    }

    /** The import field a field of the registry's request comes from. */
    static ImportField fieldOf(String requestField) {
        if (requestField.startsWith("tags")) {
            return ImportField.TAGS;
        }
        if (requestField.startsWith("partyMembership.")) {
            return switch (requestField.substring("partyMembership.".length())) {
                case "joinedOn" -> ImportField.PARTY_JOINED_ON;
                case "fullMemberOn" -> ImportField.PARTY_FULL_MEMBER_ON;
                case "branch" -> ImportField.PARTY_BRANCH;
                default -> ImportField.POLITICAL_STATUS;
            };
        }
        if (requestField.startsWith("leagueMembership.")) {
            return switch (requestField.substring("leagueMembership.".length())) {
                case "joinedOn" -> ImportField.LEAGUE_JOINED_ON;
                case "developmentNumber" -> ImportField.LEAGUE_NUMBER;
                case "branch" -> ImportField.LEAGUE_BRANCH;
                default -> ImportField.POLITICAL_STATUS;
            };
        }
        return ImportField.byKey(requestField).orElse(null);
    }

    private ImportFinding error(SheetRow row, ImportField field, String code, String message) {
        return onColumn(row, field, code, message, ImportFinding.Severity.ERROR);
    }

    /** A finding on the cell of {@code field} in the row (on the row as a whole when no column fills it). */
    ImportFinding onColumn(
            SheetRow row, ImportField field, String code, String message, ImportFinding.Severity severity) {
        return onColumn(row.number(), field, code, message, severity);
    }

    /** A finding on row {@code row} of the file, in the column of {@code field}. */
    ImportFinding onColumn(long row, ImportField field, String code, String message, ImportFinding.Severity severity) {
        int c = mapping.columnOf(field);
        return new ImportFinding(
                row,
                c < 0 ? null : c + 1,
                c < 0 ? null : mapping.header(c),
                field.key(),
                code,
                message,
                severity,
                null,
                null);
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }
}
