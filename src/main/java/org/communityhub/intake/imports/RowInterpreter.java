package org.communityhub.intake.imports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.common.error.FieldError;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.party.PartyMemberStatus;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.resident.ResidentRequest;

/**
 * Turns one row of a ledger into a resident request as the registry takes it: dates read from
 * their spreadsheet forms, coded cells from names or codes, party and league columns into
 * memberships. What cannot be read with certainty becomes a finding on its cell and is left out of
 * the request; the registry's own rules ({@code ResidentService.check}) judge the rest.
 */
final class RowInterpreter {

    /** A row read: the request, what reading it found, and its household columns. */
    record Interpreted(
            ResidentRequest request,
            List<ImportFinding> findings,
            String householdNumber,
            String relationToHead,
            String householdType) {

        boolean hasErrorOn(String field) {
            return findings.stream()
                    .anyMatch(f -> f.severity() == ImportFinding.Severity.ERROR && field.equals(f.field()));
        }
    }

    private static final String PARTY = "01";
    private static final String PROBATIONARY = "02";
    private static final String LEAGUE = "03";

    private final ColumnMapping mapping;
    private final CodeValues codeValues;
    private final String defaultCommunity;
    private final boolean date1904;

    RowInterpreter(ColumnMapping mapping, CodeValues codeValues, String defaultCommunity, boolean date1904) {
        this.mapping = mapping;
        this.codeValues = codeValues;
        this.defaultCommunity = defaultCommunity;
        this.date1904 = date1904;
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
                Optional<String> code = codeValues.resolve(f.codeTable(), text.get(f));
                if (code.isPresent()) {
                    codes.put(f, code.get());
                } else {
                    findings.add(
                            error(row, f, "unknown-code", f.label() + "既不是代码表 " + f.codeTable() + " 中的代码，也不是其中的名称。"));
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

        List<String> tags = text.containsKey(ImportField.TAGS)
                ? Arrays.stream(text.get(ImportField.TAGS).split("[,，、;；\\s]+"))
                        .filter(t -> !t.isBlank())
                        .toList()
                : null;

        String community = text.getOrDefault(
                ImportField.COMMUNITY_CODE, mapping.has(ImportField.COMMUNITY_CODE) ? null : defaultCommunity);
        if (community == null && !mapping.has(ImportField.COMMUNITY_CODE)) {
            findings.add(ImportFinding.error(
                    row.number(),
                    null,
                    null,
                    "communityCode",
                    "community-unknown",
                    "表中没有“社区代码”列，您的管辖范围又不止一个社区：请在表中加一列社区代码（12 位）。"));
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
                request, findings, householdNumber, relation, codes.getOrDefault(ImportField.HOUSEHOLD_TYPE, "1"));
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
                    row.number(), c < 0 ? null : c + 1, c < 0 ? null : mapping.header(c), key, e.code(), e.message()));
        }
        return placed;
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
        int c = mapping.columnOf(field);
        return new ImportFinding(
                row.number(),
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
