package org.communityhub.intake.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;
import org.communityhub.registry.league.LeagueMemberQuery;
import org.communityhub.registry.party.PartyMemberQuery;
import org.communityhub.registry.party.PartyMemberStatus;
import org.communityhub.registry.resident.ResidentQuery;
import org.communityhub.registry.resident.ResidentStatus;

/**
 * An export as asked for, its parameters read: a platform's template ({@code adapterId}) or a
 * column set ({@code columns}, canonical field names), the format, which residents, and the stated
 * purpose (checked by the reveal rules, as an export hands out personal data in full).
 */
public record ExportRequest(
        String adapterId,
        List<String> columns,
        ExportFormat format,
        Selection selection,
        String purpose,
        String purposeNote) {

    /** Which residents an export takes, with the filters of the list they were chosen from. */
    public sealed interface Selection permits Residents, PartyMembers, LeagueMembers {}

    /** The resident search (居民). */
    public record Residents(ResidentQuery query) implements Selection {}

    /** The party member list (党员名册). */
    public record PartyMembers(PartyMemberQuery query) implements Selection {}

    /** The league member list (团员名册). */
    public record LeagueMembers(LeagueMemberQuery query) implements Selection {}

    static final String RESIDENTS = "residents";
    static final String PARTY_MEMBERS = "party-members";
    static final String LEAGUE_MEMBERS = "league-members";

    /** The filters each list takes; any other given is refused rather than silently ignored. */
    private static final Map<String, Set<String>> FILTERS = Map.of(
            RESIDENTS,
            Set.of(
                    "q",
                    "idNumber",
                    "phone",
                    "communityCode",
                    "building",
                    "unit",
                    "room",
                    "status",
                    "tag",
                    "residenceType",
                    "politicalStatus",
                    "householdId"),
            PARTY_MEMBERS,
            Set.of("q", "communityCode", "status", "category", "reportedToCommunity", "lostContact"),
            LEAGUE_MEMBERS,
            Set.of("q", "communityCode", "overage"));

    private static final Map<String, String> LIST_NAMES =
            Map.of(RESIDENTS, "居民查询", PARTY_MEMBERS, "党员名册", LEAGUE_MEMBERS, "团员名册");

    public ExportRequest {
        columns = List.copyOf(columns);
    }

    /** Whether the export is a platform's template (else a column set). */
    public boolean platformTemplate() {
        return adapterId != null;
    }

    /** The same export of other residents. */
    public ExportRequest with(Selection other) {
        return new ExportRequest(adapterId, columns, format, other, purpose, purposeNote);
    }

    /** Reads the query's parameters; every problem goes into {@code errors}. */
    static ExportRequest read(ExportParameters p, FieldErrors errors) {
        String adapter = Filters.text(p.adapter);
        List<String> columns = columnNames(p.columns);
        if (adapter != null && !columns.isEmpty()) {
            errors.add("adapter", "template-ambiguous", "请只选一种：平台模板（adapter）或自选列（columns）。");
        } else if (adapter == null && columns.isEmpty()) {
            errors.add("adapter", "template-required", "请选择平台模板（adapter），或自选要导出的列（columns）。");
        }
        String formatName = Filters.text(p.format);
        ExportFormat format = formatName == null
                ? ExportFormat.XLSX
                : ExportFormat.named(formatName).orElse(null);
        if (format == null) {
            errors.add("format", "unknown-format", "格式应为 xlsx 或 csv。");
        }
        return new ExportRequest(
                adapter, columns, format, selection(p, errors), Filters.text(p.purpose), Filters.text(p.purposeNote));
    }

    /** Column names, given comma-separated or as repeated parameters, blanks left out. */
    private static List<String> columnNames(List<String> raw) {
        List<String> names = new ArrayList<>();
        if (raw != null) {
            for (String value : raw) {
                for (String name : value.split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip());
                    }
                }
            }
        }
        return names;
    }

    private static Selection selection(ExportParameters p, FieldErrors errors) {
        String list = Filters.text(p.list) == null ? RESIDENTS : Filters.text(p.list);
        Set<String> allowed = FILTERS.get(list);
        if (allowed == null) {
            errors.add("list", "unknown-list", "list 应为 residents、party-members 或 league-members。");
            return null;
        }
        given(p).forEach((name, value) -> {
            if (value != null && !allowed.contains(name)) {
                errors.add(name, "not-applicable", "“" + LIST_NAMES.get(list) + "”不能按这个条件筛选。");
            }
        });
        String division = Filters.division(p.communityCode, "communityCode", errors);
        String name = Filters.text(p.q);
        if (list.equals(PARTY_MEMBERS)) {
            return new PartyMembers(new PartyMemberQuery(
                    division,
                    name,
                    Filters.oneOf(
                            PartyMemberStatus.class, p.status, "status", "党员状态应为 FULL（正式）或 PROBATIONARY（预备）。", errors),
                    Filters.text(p.category),
                    Filters.flag(p.reportedToCommunity, "reportedToCommunity", errors),
                    Filters.flag(p.lostContact, "lostContact", errors)));
        }
        if (list.equals(LEAGUE_MEMBERS)) {
            return new LeagueMembers(new LeagueMemberQuery(division, name, Filters.flag(p.overage, "overage", errors)));
        }
        return new Residents(new ResidentQuery(
                name,
                Filters.text(p.idNumber),
                Filters.text(p.phone),
                division,
                Filters.text(p.building),
                Filters.text(p.unit),
                Filters.text(p.room),
                Filters.oneOf(
                        ResidentStatus.class, p.status, "status", "状态应为 ACTIVE、MOVED_OUT、DECEASED 或 VOIDED。", errors),
                Filters.text(p.tag),
                Filters.text(p.residenceType),
                Filters.text(p.politicalStatus),
                householdId(p.householdId, errors)));
    }

    /** The filters given (not blank), by name. */
    private static Map<String, String> given(ExportParameters p) {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("q", Filters.text(p.q));
        given.put("idNumber", Filters.text(p.idNumber));
        given.put("phone", Filters.text(p.phone));
        given.put("communityCode", Filters.text(p.communityCode));
        given.put("building", Filters.text(p.building));
        given.put("unit", Filters.text(p.unit));
        given.put("room", Filters.text(p.room));
        given.put("status", Filters.text(p.status));
        given.put("tag", Filters.text(p.tag));
        given.put("residenceType", Filters.text(p.residenceType));
        given.put("politicalStatus", Filters.text(p.politicalStatus));
        given.put("householdId", Filters.text(p.householdId));
        given.put("category", Filters.text(p.category));
        given.put("reportedToCommunity", Filters.text(p.reportedToCommunity));
        given.put("lostContact", Filters.text(p.lostContact));
        given.put("overage", Filters.text(p.overage));
        return given;
    }

    private static UUID householdId(String raw, FieldErrors errors) {
        String value = Filters.text(raw);
        if (value == null) {
            return null;
        }
        UUID id = Ids.parse(value).orElse(null);
        if (id == null) {
            errors.add("householdId", "invalid-format", "户的 id 格式不正确。");
        }
        return id;
    }
}
