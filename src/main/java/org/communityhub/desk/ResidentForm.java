package org.communityhub.desk;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.party.PartyMemberStatus;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.resident.ResidentRequest;
import org.communityhub.registry.resident.ResidentView;

/**
 * The resident form as the worker filled it in: every value kept as typed, so that a refused save
 * shows the form again with nothing lost, and the errors next to their fields. Field names are
 * those of the API ({@code partyMembership.joinedOn}), so the registry's own field errors land
 * where they belong.
 */
public final class ResidentForm {

    private final Map<String, String> values;
    private final List<String> tags;
    /** Residents the worker said, while filling in the form, this person is not (不是同一人). */
    private final List<String> notSame;

    private final Map<String, String> errors = new LinkedHashMap<>();

    private ResidentForm(Map<String, String> values, List<String> tags, List<String> notSame) {
        this.values = values;
        this.tags = tags;
        this.notSame = notSame;
    }

    public static ResidentForm empty() {
        return new ResidentForm(new HashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    public static ResidentForm of(MultivaluedMap<String, String> form) {
        Map<String, String> values = new HashMap<>();
        form.forEach((name, list) -> {
            if (!"tags".equals(name) && !NOT_SAME.equals(name) && !list.isEmpty()) {
                String value = list.get(0) == null ? "" : list.get(0).strip();
                values.put(name, DATES.contains(name) ? isoDate(value) : value);
            }
        });
        List<String> tags = form.getOrDefault("tags", List.of()).stream()
                .filter(t -> t != null && !t.isBlank())
                .toList();
        List<String> notSame = form.getOrDefault(NOT_SAME, List.of()).stream()
                .filter(id -> id != null && !id.isBlank())
                .map(String::strip)
                .distinct()
                .toList();
        return new ResidentForm(values, new ArrayList<>(tags), new ArrayList<>(notSame));
    }

    /** The date fields: typed as text (one stop of the Tab key, not three), in any usual way. */
    static final List<String> DATES = List.of(
            "birthDate", "partyMembership.joinedOn", "partyMembership.fullMemberOn", "leagueMembership.joinedOn");

    private static final java.util.regex.Pattern COMPACT_DATE =
            java.util.regex.Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final java.util.regex.Pattern WRITTEN_DATE =
            java.util.regex.Pattern.compile("(\\d{4})\\s*[-./年]\\s*(\\d{1,2})\\s*[-./月]\\s*(\\d{1,2})\\s*日?");

    /**
     * A date as typed, in ISO form when it is a real date written in a usual way (19800505,
     * 1980.5.5, 1980/5/5, 1980年5月5日); otherwise as typed, for the registry to refuse with a reason.
     */
    static String isoDate(String typed) {
        java.util.regex.Matcher m = COMPACT_DATE.matcher(typed);
        if (!m.matches()) {
            m = WRITTEN_DATE.matcher(typed);
            if (!m.matches()) {
                return typed;
            }
        }
        try {
            return LocalDate.of(
                            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    .toString();
        } catch (java.time.DateTimeException e) {
            return typed;
        }
    }

    /** Where a refusal about the form as a whole (not one field) is kept. */
    public static final String WHOLE_FORM = "form";

    /** The form field that carries each "not the same person" decision (one value per resident). */
    public static final String NOT_SAME = "notSame";

    /** The stored resident, for editing; ID number and phone as they are shown (masked). */
    public static ResidentForm of(ResidentView r) {
        ResidentForm f = empty();
        f.set("version", String.valueOf(r.version()));
        f.set("name", r.name());
        f.set("idNumber", r.idNumber());
        f.set("sex", r.sex());
        f.set("birthDate", r.birthDate() == null ? "" : r.birthDate().toString());
        f.set("ethnicity", r.ethnicity());
        f.set("politicalStatus", r.politicalStatus());
        f.set("education", r.education());
        f.set("maritalStatus", r.maritalStatus());
        f.set("phone", r.phone());
        f.set("residenceType", r.residenceType());
        f.set("communityCode", r.communityCode());
        f.set("building", r.building());
        f.set("unit", r.unit());
        f.set("room", r.room());
        f.tags.addAll(r.tags() == null ? List.of() : r.tags());
        if (r.partyMembership() != null) {
            var p = r.partyMembership();
            f.set("party", "on");
            f.set("partyMembership.status", p.status() == null ? "" : p.status().name());
            f.set("partyMembership.joinedOn", date(p.joinedOn()));
            f.set("partyMembership.fullMemberOn", date(p.fullMemberOn()));
            f.set("partyMembership.branch", p.branch());
            f.set("partyMembership.category", p.category());
            f.set("partyMembership.reportedToCommunity", Boolean.TRUE.equals(p.reportedToCommunity()) ? "on" : "");
            f.set("partyMembership.lostContact", Boolean.TRUE.equals(p.lostContact()) ? "on" : "");
        }
        if (r.leagueMembership() != null) {
            var l = r.leagueMembership();
            f.set("league", "on");
            f.set("leagueMembership.joinedOn", date(l.joinedOn()));
            f.set("leagueMembership.developmentNumber", l.developmentNumber());
            f.set("leagueMembership.branch", l.branch());
            f.set("leagueMembership.post", l.post());
        }
        return f;
    }

    public ResidentForm set(String field, String value) {
        values.put(field, value == null ? "" : value);
        return this;
    }

    public boolean has(String field) {
        return values.containsKey(field);
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public boolean checked(String field) {
        return "on".equals(value(field)) || "true".equals(value(field));
    }

    public boolean selected(String field, String code) {
        return code.equals(value(field));
    }

    public boolean hasTag(String code) {
        return tags.contains(code);
    }

    /** The residents the worker said this person is not, as the form carries them (ids as typed). */
    public List<String> notSame() {
        return notSame;
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public boolean invalid(String field) {
        return errors.containsKey(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public Map<String, String> errors() {
        return errors;
    }

    /** Puts each field error next to its field; errors of list items ({@code tags[2]}) go to the list. */
    public ResidentForm withErrors(List<FieldError> list) {
        for (FieldError e : list) {
            String field = e.field() == null ? "" : e.field().replaceAll("\\[\\d+]$", "");
            errors.merge(field, e.message(), (a, b) -> a.equals(b) ? a : a + " " + b);
        }
        return this;
    }

    public ResidentForm withError(String field, String message) {
        errors.put(field, message);
        return this;
    }

    public Integer version() {
        String v = value("version");
        return v.matches("[0-9]{1,9}") ? Integer.valueOf(v) : null;
    }

    /** The resident as the API would receive it; dates that are not dates are field errors. */
    public ResidentRequest toRequest(FieldErrors problems) {
        PartyMembershipRequest party = null;
        if (checked("party")) {
            party = new PartyMembershipRequest(
                    partyStatus(problems),
                    date("partyMembership.joinedOn", problems),
                    date("partyMembership.fullMemberOn", problems),
                    blankToNull("partyMembership.branch"),
                    blankToNull("partyMembership.category"),
                    checked("partyMembership.reportedToCommunity"),
                    checked("partyMembership.lostContact"));
        }
        LeagueMembershipRequest league = null;
        if (checked("league")) {
            league = new LeagueMembershipRequest(
                    date("leagueMembership.joinedOn", problems),
                    blankToNull("leagueMembership.developmentNumber"),
                    blankToNull("leagueMembership.branch"),
                    blankToNull("leagueMembership.post"));
        }
        return new ResidentRequest(
                value("name"),
                value("idNumber"),
                checked("idNumberChecked"),
                blankToNull("sex"),
                blankToNull("birthDate"),
                blankToNull("ethnicity"),
                blankToNull("politicalStatus"),
                blankToNull("education"),
                blankToNull("maritalStatus"),
                value("phone"),
                blankToNull("residenceType"),
                blankToNull("communityCode"),
                blankToNull("building"),
                blankToNull("unit"),
                blankToNull("room"),
                List.copyOf(tags),
                party,
                league);
    }

    private PartyMemberStatus partyStatus(FieldErrors problems) {
        String s = value("partyMembership.status");
        if (s.isEmpty()) {
            return null;
        }
        try {
            return PartyMemberStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            problems.add("partyMembership.status", "unknown-code", "请选择正式党员或预备党员。");
            return null;
        }
    }

    private LocalDate date(String field, FieldErrors problems) {
        String s = value(field);
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            problems.add(field, "invalid-format", "日期无效：应为真实日期，例如 2010-05-04。");
            return null;
        }
    }

    private String blankToNull(String field) {
        String v = value(field);
        return v.isEmpty() ? null : v;
    }

    private static String date(LocalDate d) {
        return d == null ? "" : d.toString();
    }
}
