package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.communityhub.access.Actor;
import org.communityhub.access.TagVisibility;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.InvalidIdNumberException;
import org.communityhub.reference.identity.Masking;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.reference.identity.PhoneNumber;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.party.PartyMemberStatus;
import org.communityhub.registry.party.PartyMembershipService;
import org.communityhub.registry.place.Address;
import org.communityhub.registry.place.DivisionService;

/**
 * Checks a resident request against the registry's rules and collects every problem at once, each
 * with its field, a code and a Chinese message. Nothing is guessed: a value that may be wrong is
 * reported, not repaired.
 */
@ApplicationScoped
class ResidentValidator {

    /** What is stored now, for an update. */
    record Current(String idNumber, String phone, PartyMemberStatus party, boolean league) {}

    static final int MAX_TAGS = 30;
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);
    private static final Set<String> PARTY_STATUSES = Set.of("01", "02");
    private static final String LEAGUE_STATUS = "03";

    private final CodeTables codes;
    private final DivisionService divisions;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final TagVisibility tagVisibility;
    private final Vocabulary vocabulary;
    private final Clock clock;

    ResidentValidator(
            CodeTables codes,
            DivisionService divisions,
            PartyMembershipService party,
            LeagueMembershipService league,
            TagVisibility tagVisibility,
            Vocabulary vocabulary,
            Clock clock) {
        this.codes = codes;
        this.vocabulary = vocabulary;
        this.tagVisibility = tagVisibility;
        this.divisions = divisions;
        this.party = party;
        this.league = league;
        this.clock = clock;
    }

    ResidentData forCreate(Actor actor, ResidentRequest r) {
        return validate(actor, r, null);
    }

    ResidentData forUpdate(Actor actor, ResidentRequest r, Current current) {
        return validate(actor, r, current);
    }

    /** Refuses a relation to the household head that is missing or not in GB/T 4761. */
    void checkRelationToHead(String relation) {
        String code = blankToNull(relation);
        if (code == null) {
            throw ProblemException.invalid("relationToHead", "required", "请选择与户主关系（户主为 02）。");
        }
        if (!codes.get(CodeTables.RELATION_TO_HEAD).contains(code)) {
            throw ProblemException.invalid("relationToHead", "unknown-code", "与户主关系代码不在代码表 relation-to-head 中。");
        }
    }

    private ResidentData validate(Actor actor, ResidentRequest r, Current current) {
        FieldErrors errors = new FieldErrors();
        LocalDate today = LocalDate.now(clock);

        String name = PersonName.normalise(r.name());
        String nameProblem = PersonName.problem(name);
        if (nameProblem != null) {
            errors.add("name", name.isEmpty() ? "required" : "invalid-name", nameProblem);
        }

        // ID number: absent keeps (update) or means none (create); "" clears; masked must be unchanged.
        Replacement<IdNumber> id;
        IdNumber effectiveId = null;
        boolean idInvalid = false;
        String storedId = current == null ? null : current.idNumber();
        if (r.idNumber() == null) {
            id = current == null ? Replacement.set(null) : Replacement.keep();
            effectiveId = storedId == null ? null : stored(storedId);
        } else if (r.idNumber().isBlank()) {
            id = Replacement.set(null);
        } else if (Masking.looksMasked(r.idNumber())) {
            id = Replacement.keep();
            if (storedId != null && r.idNumber().strip().equals(Masking.maskIdNumber(storedId))) {
                effectiveId = stored(storedId);
            } else {
                idInvalid = true;
                errors.add("idNumber", "masked-value", "这是带 * 的掩码号码，不能作为证件号码提交。不修改证件号码时，请不要提交该字段。");
            }
        } else {
            try {
                effectiveId = IdNumber.parse(r.idNumber(), today);
                id = Replacement.set(effectiveId);
                boolean alreadyStored = effectiveId.value().equals(storedId);
                if (effectiveId.possiblyTruncated() && !alreadyStored && !Boolean.TRUE.equals(r.idNumberChecked())) {
                    errors.add(
                            "idNumber",
                            "id-number-possibly-truncated",
                            "证件号码末三位为 000：这常是表格软件只保留 15 位有效数字造成的。请对照证件原件核实；" + "确认无误后，连同 idNumberChecked: true 一起提交。");
                }
            } catch (InvalidIdNumberException e) {
                id = Replacement.keep();
                idInvalid = true;
                errors.add("idNumber", e.code(), e.getMessage());
            }
        }

        String sex = blankToNull(r.sex());
        if (sex != null && !codes.get(CodeTables.SEX).contains(sex)) {
            errors.add("sex", "unknown-code", "性别代码应为 1（男）、2（女）、0（未知）或 9（未说明）。");
        } else if (effectiveId != null) {
            if (sex == null) {
                sex = effectiveId.sex();
            } else if (!sex.equals(effectiveId.sex())) {
                errors.add("sex", "sex-mismatch", "性别与证件号码（第 17 位，单数为男、双数为女）不符，请核对。");
            }
        } else if (sex == null && !idInvalid) {
            errors.add("sex", "required", "没有证件号码时，请填写性别。");
        }

        LocalDate birth = null;
        boolean birthUnreadable = false;
        if (r.birthDate() != null && !r.birthDate().isBlank()) {
            try {
                birth = LocalDate.parse(r.birthDate().strip());
            } catch (DateTimeParseException e) {
                birthUnreadable = true;
                errors.add("birthDate", "invalid-format", "日期无效：应为 yyyy-MM-dd 格式的真实日期，例如 1990-01-02。");
            }
        }
        if (!birthUnreadable) {
            if (birth != null && birth.isAfter(today)) {
                errors.add("birthDate", "future-date", "出生日期不能晚于今天。");
            } else if (birth != null && birth.isBefore(EARLIEST_BIRTH)) {
                errors.add("birthDate", "too-early", "出生日期早于 1880 年，请核对。");
            } else if (effectiveId != null) {
                if (birth == null) {
                    birth = effectiveId.birthDate();
                } else if (!birth.equals(effectiveId.birthDate())) {
                    errors.add("birthDate", "birth-date-mismatch", "出生日期与证件号码中的出生日期（第 7–14 位）不符，请核对。");
                }
            } else if (birth == null && !idInvalid) {
                errors.add("birthDate", "required", "没有证件号码时，请填写出生日期。");
            }
        }

        String ethnicity = code(CodeTables.ETHNICITY, r.ethnicity(), "ethnicity", "民族", errors);
        String education = code(CodeTables.EDUCATION, r.education(), "education", "学历", errors);
        String marital = code(CodeTables.MARITAL_STATUS, r.maritalStatus(), "maritalStatus", "婚姻状况", errors);
        String residenceType = code(CodeTables.RESIDENCE_TYPE, r.residenceType(), "residenceType", "人口类型", errors);
        if (residenceType == null && !errors.has("residenceType")) {
            errors.add("residenceType", "required", "请选择人口类型：1 户籍人口、2 流动人口、3 境外人员。");
        }

        Replacement<String> phone = phone(r.phone(), current == null ? null : current.phone(), current == null, errors);

        Address address = Address.of(r.communityCode(), r.building(), r.unit(), r.room());
        address.check("", errors);
        if (!errors.has("communityCode")) {
            if (!divisions.isCommunity(address.communityCode())) {
                errors.add("communityCode", "unknown-community", "没有这个社区（村）：请先由管理员添加该社区。");
            } else if (!actor.covers(address.communityCode())) {
                errors.add("communityCode", "out-of-scope", "该社区不在您的管辖范围内。");
            }
        }

        List<String> tags = tags(actor, r.tags(), errors);

        if (r.partyMembership() != null) {
            party.check(r.partyMembership(), birth, "partyMembership.", errors);
        }
        if (r.leagueMembership() != null) {
            league.check(r.leagueMembership(), birth, "leagueMembership.", errors);
        }
        String political = politicalStatus(r, current, errors);

        errors.throwIfAny();
        return new ResidentData(
                name,
                id,
                sex,
                birth,
                ethnicity,
                political,
                education,
                marital,
                phone,
                residenceType,
                address,
                tags,
                r.partyMembership(),
                r.leagueMembership());
    }

    /**
     * Political status follows the memberships: 01/02 exactly when there is a party membership of
     * that status, 03 for a league member who is not in the Party. Left out, it is derived.
     */
    private String politicalStatus(ResidentRequest r, Current current, FieldErrors errors) {
        String requested = code(CodeTables.POLITICAL_STATUS, r.politicalStatus(), "politicalStatus", "政治面貌", errors);
        if (errors.has("politicalStatus") || errors.has("partyMembership.status")) {
            return requested;
        }
        PartyMemberStatus partyStatus =
                r.partyMembership() != null ? r.partyMembership().status() : current == null ? null : current.party();
        boolean leagueMember = r.leagueMembership() != null || (current != null && current.league());
        String derived = partyStatus != null ? partyStatus.politicalStatus() : leagueMember ? LEAGUE_STATUS : null;
        if (derived != null) {
            if (requested != null && !requested.equals(derived)) {
                errors.add(
                        "politicalStatus",
                        "membership-mismatch",
                        "政治面貌与党员、团员信息不一致：按现有信息应为 " + derived + "（"
                                + codes.get(CodeTables.POLITICAL_STATUS)
                                        .entry(derived)
                                        .orElseThrow()
                                        .name()
                                + "）。要改变政治面貌，请先修改或结束党员、团员信息。");
            }
            return derived;
        }
        if (requested != null && PARTY_STATUSES.contains(requested)) {
            errors.add("politicalStatus", "party-membership-required", "政治面貌为中共党员或预备党员时，请同时填写党员信息（partyMembership）。");
        } else if (LEAGUE_STATUS.equals(requested)) {
            errors.add("politicalStatus", "league-membership-required", "政治面貌为共青团员时，请同时填写团员信息（leagueMembership）。");
        }
        return requested;
    }

    private static Replacement<String> phone(String raw, String stored, boolean creating, FieldErrors errors) {
        if (raw == null) {
            return creating ? Replacement.set(null) : Replacement.keep();
        }
        if (raw.isBlank()) {
            return Replacement.set(null);
        }
        if (Masking.looksMasked(raw)) {
            if (stored != null && raw.strip().equals(Masking.maskPhone(stored))) {
                return Replacement.keep();
            }
            errors.add("phone", "masked-value", "这是带 * 的掩码号码，不能作为电话号码提交。不修改电话时，请不要提交该字段。");
            return Replacement.keep();
        }
        return PhoneNumber.canonical(raw).map(Replacement::set).orElseGet(() -> {
            errors.add("phone", "invalid-phone", "电话号码格式不正确：应为 11 位手机号，或带区号的固定电话（如 010-12345678）。");
            return Replacement.keep();
        });
    }

    private List<String> tags(Actor actor, List<String> raw, FieldErrors errors) {
        if (raw == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            // By its code or by the words people use for it (空巢老人, 低保, 高龄 …).
            String tag = raw.get(i) == null ? null : raw.get(i).strip();
            if (tag != null && !codes.get(CodeTables.TAG).contains(tag)) {
                tag = vocabulary.current().code(CodeTables.TAG, tag).orElse(null);
            }
            if (tag == null) {
                errors.add(
                        "tags[" + i + "]",
                        "unknown-code",
                        "没有这个标签。可用的标签："
                                + String.join("、", vocabulary.current().names(CodeTables.TAG))
                                + "（或其代码，见代码表 tag）。");
            } else if (!tagVisibility.canSee(actor, tag)) {
                errors.add("tags[" + i + "]", "restricted-tag", "您的角色不能设置这个受限标签。");
            } else {
                tags.add(tag);
            }
        }
        if (tags.size() > MAX_TAGS) {
            errors.add("tags", "too-many", "标签最多 " + MAX_TAGS + " 个。");
        }
        return new ArrayList<>(tags);
    }

    private String code(String table, String raw, String field, String label, FieldErrors errors) {
        String value = blankToNull(raw);
        if (value != null && !codes.get(table).contains(value)) {
            errors.add(field, "unknown-code", label + "代码不在代码表 " + table + " 中。");
        }
        return value;
    }

    /** A number that passed these rules when it was stored; parsed again only to read its parts. */
    private static IdNumber stored(String value) {
        return IdNumber.parse(value, LocalDate.MAX);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
