package org.communityhub.adapter.mapping;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.CanonicalField;
import org.communityhub.adapter.definition.CanonicalFields;
import org.communityhub.adapter.definition.Condition;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.definition.FieldType;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.league.LeagueMembership;
import org.communityhub.registry.place.Address;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.registry.snapshot.ResidentSnapshot;

/**
 * Turns a resident snapshot into a platform's record, exactly as its definition says: which
 * residents concern the platform ({@code select}), and which fields they get in which form. Only
 * the fields the definition lists are ever produced.
 */
@ApplicationScoped
public class RecordMapper {

    /** Why a record is removed from a platform. */
    public enum Operation {
        UPSERT,
        REMOVE
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z.:0-9-]+)}");
    private static final String HEAD = "02";
    private static final String MERGED = "MERGED";
    private static final String VOIDED = "VOIDED";

    private final CodeTables codes;
    private final DivisionNames divisions;
    private final Clock clock;

    RecordMapper(CodeTables codes, DivisionNames divisions, Clock clock) {
        this.codes = codes;
        this.divisions = divisions;
        this.clock = clock;
    }

    /** Whether the resident concerns the platform today. */
    public boolean matches(AdapterDefinition definition, ResidentSnapshot s) {
        if (MERGED.equals(s.status()) || VOIDED.equals(s.status())) {
            // A record merged into another, or a registration made in error, is no person of its
            // own, whatever a definition selects: every platform that holds it gets its removal
            // (and, for a merge, the survivor's record instead).
            return false;
        }
        LocalDate today = LocalDate.now(clock);
        return definition.select().stream().allMatch(c -> holds(c, s, today));
    }

    /**
     * The platform's record for a resident, in the platform's field order. A removal carries the
     * definition's removal fields only.
     */
    public MappedRecord map(AdapterDefinition definition, ResidentSnapshot s, Operation operation) {
        return map(definition, s, operation, Map.of());
    }

    /**
     * Like {@link #map(AdapterDefinition, ResidentSnapshot, Operation)}; a removal takes a field the
     * registry holds no value for any more from {@code lastDelivered} (the record as the platform
     * last received it, by the platform's field names), so that the platform can find the record it
     * is to remove: a record merged into another has given up its ID number, for one.
     */
    public MappedRecord map(
            AdapterDefinition definition, ResidentSnapshot s, Operation operation, Map<String, Object> lastDelivered) {
        LocalDate today = LocalDate.now(clock);
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> disclosed = new TreeSet<>();
        if (operation == Operation.UPSERT) {
            // Being sent at all tells the platform the resident carries the tags it selects on.
            s.tags().stream().filter(definition.selectedTags()::contains).forEach(disclosed::add);
        }
        for (FieldMapping f : definition.fields()) {
            if (operation == Operation.REMOVE && !definition.removalFields().contains(f.name())) {
                continue;
            }
            Object value = render(f, s, operation, today, problems, disclosed);
            if (operation == Operation.REMOVE && isEmpty(value) && !isEmpty(lastDelivered.get(f.name()))) {
                value = lastDelivered.get(f.name());
            }
            if (f.required() && isEmpty(value)) {
                problems.add("“" + f.name() + "”为必填项，本系统中该项为空");
            }
            values.put(f.name(), value);
        }
        return new MappedRecord(s.id(), s.version(), operation, values, problems, List.copyOf(disclosed));
    }

    // ---- select ------------------------------------------------------------------------------------

    private boolean holds(Condition condition, ResidentSnapshot s, LocalDate today) {
        if (condition instanceof Condition.FieldIn in) {
            Object raw = value(in.field(), s, Operation.UPSERT, today);
            boolean found = raw != null && in.values().contains(text(raw));
            return in.negate() != found;
        }
        if (condition instanceof Condition.FieldPrefix p) {
            Object raw = value(p.field(), s, Operation.UPSERT, today);
            return raw != null && p.prefixes().stream().anyMatch(text(raw)::startsWith);
        }
        if (condition instanceof Condition.Age age) {
            int years = Period.between(s.birthDate(), today).getYears();
            return (age.min() == null || years >= age.min()) && (age.max() == null || years <= age.max());
        }
        if (condition instanceof Condition.Membership m) {
            return m.kind() == Condition.Membership.Kind.PARTY ? s.party() != null : s.league() != null;
        }
        if (condition instanceof Condition.Tags t) {
            return s.tags().stream().anyMatch(t.any()::contains);
        }
        if (condition instanceof Condition.AnyOf any) {
            return any.conditions().stream().anyMatch(c -> holds(c, s, today));
        }
        return !holds(((Condition.Not) condition).condition(), s, today);
    }

    // ---- fields ------------------------------------------------------------------------------------

    /** The field's value; tags it discloses are added to {@code disclosed}. */
    private Object render(
            FieldMapping f,
            ResidentSnapshot s,
            Operation op,
            LocalDate today,
            List<String> problems,
            Set<String> disclosed) {
        if (f.source() instanceof FieldMapping.Constant c) {
            return c.value();
        }
        if (f.source() instanceof FieldMapping.Compose c) {
            return compose(c.template(), s, op, today); // the loader allows no tag in a composition
        }
        String field = ((FieldMapping.From) f.source()).field();
        CanonicalField canonical = CanonicalFields.find(field).orElseThrow();
        Object raw = value(field, s, op, today);
        if (field.startsWith(CanonicalFields.TAG_PREFIX) && Boolean.TRUE.equals(raw)) {
            disclosed.add(tagOf(field));
        }
        return write(f, canonical, raw, problems, disclosed);
    }

    private static String tagOf(String tagField) {
        return tagField.substring(CanonicalFields.TAG_PREFIX.length());
    }

    private Object write(
            FieldMapping f, CanonicalField canonical, Object raw, List<String> problems, Set<String> disclosed) {
        if (raw == null) {
            return null;
        }
        if (canonical.type() == FieldType.CODE_LIST) {
            List<String> kept = new ArrayList<>();
            for (Object code : (List<?>) raw) {
                if (f.onlyTags().contains(code.toString())) {
                    kept.add(translate(f, canonical, code.toString(), problems));
                    disclosed.add(code.toString());
                }
            }
            return String.join(f.separator(), kept);
        }
        if (raw instanceof LocalDate date) {
            return f.format() == null
                    ? date.toString()
                    : DateTimeFormatter.ofPattern(f.format()).format(date);
        }
        if (raw instanceof Instant instant) {
            TemporalAccessor zoned = instant.atZone(clock.getZone());
            return f.format() == null
                    ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(zoned)
                    : DateTimeFormatter.ofPattern(f.format()).format(zoned);
        }
        if (f.translation() != null) {
            return translate(f, canonical, text(raw), problems);
        }
        return raw;
    }

    private String translate(FieldMapping f, CanonicalField canonical, String code, List<String> problems) {
        if (f.translation() instanceof FieldMapping.CodeNames) {
            return codes.get(canonical.codeTable())
                    .entry(code)
                    .map(e -> e.name())
                    .orElse(code);
        }
        if (f.translation() instanceof FieldMapping.CodeMap map) {
            String value = map.values().get(code);
            if (value == null) {
                value = map.fallback();
            }
            if (value == null) {
                problems.add("“" + f.name() + "”的代码 " + code + " 在该平台没有对应值");
            }
            return value;
        }
        return code;
    }

    private String compose(String template, ResidentSnapshot s, Operation op, LocalDate today) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = value(m.group(1), s, op, today);
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : text(v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The canonical value of a field for a resident. */
    private Object value(String field, ResidentSnapshot s, Operation op, LocalDate today) {
        if (field.startsWith(CanonicalFields.TAG_PREFIX)) {
            return s.tags().contains(field.substring(CanonicalFields.TAG_PREFIX.length()));
        }
        ResidentSnapshot.Party p = s.party();
        ResidentSnapshot.League l = s.league();
        return switch (field) {
            case "residentId" -> s.id().toString();
            case "version" -> s.version();
            case "name" -> s.name();
            case "idNumber" -> s.idNumber();
            case "idType" -> s.idType();
            case "sex" -> s.sex();
            case "birthDate" -> s.birthDate();
            case "age" -> Period.between(s.birthDate(), today).getYears();
            case "ethnicity" -> s.ethnicity();
            case "politicalStatus" -> s.politicalStatus();
            case "education" -> s.education();
            case "maritalStatus" -> s.maritalStatus();
            case "phone" -> s.phone();
            case "residenceType" -> s.residenceType();
            case "status" -> s.status();
            case "statusDate" -> s.statusDate();
            case "statusReason" -> s.statusReason();
            case "communityCode" -> s.communityCode();
            case "communityName" -> divisions.placeName(s.communityCode());
            case "streetCode" -> DivisionCode.streetOf(s.communityCode());
            case "streetName" -> divisions.name(DivisionCode.streetOf(s.communityCode()));
            case "countyCode" -> s.communityCode().substring(0, 6);
            case "countyName" -> divisions.name(s.communityCode().substring(0, 6));
            case "building" -> s.building();
            case "unit" -> s.unit();
            case "room" -> s.room();
            case "address" -> address(s);
            case "householdNumber" -> s.householdNumber();
            case "householdType" -> s.householdType();
            case "relationToHead" -> s.relationToHead();
            case "isHouseholdHead" -> HEAD.equals(s.relationToHead());
            case "tags" -> s.tags();
            case "isPartyMember" -> p != null;
            case "party.status" -> p == null ? null : p.status();
            case "party.joinedOn" -> p == null ? null : p.joinedOn();
            case "party.fullMemberOn" -> p == null ? null : p.fullMemberOn();
            case "party.branch" -> p == null ? null : p.branch();
            case "party.category" -> p == null ? null : p.category();
            case "party.reportedToCommunity" -> p == null ? null : p.reportedToCommunity();
            case "party.lostContact" -> p == null ? null : p.lostContact();
            case "isLeagueMember" -> l != null;
            case "league.joinedOn" -> l == null ? null : l.joinedOn();
            case "league.developmentNumber" -> l == null ? null : l.developmentNumber();
            case "league.branch" -> l == null ? null : l.branch();
            case "league.post" -> l == null ? null : l.post();
            case "league.overage" -> l == null ? null : LeagueMembership.isOverage(s.birthDate(), l.post(), today);
            case "updatedAt" -> s.updatedAt();
            case "operation" -> op.name();
            case "removalReason" -> op == Operation.REMOVE ? removalReason(s) : null;
            default -> throw new IllegalStateException("No value for canonical field " + field);
        };
    }

    /** 北京市朝阳区建外街道一表通示范社区3号楼2单元501室 */
    private String address(ResidentSnapshot s) {
        StringBuilder sb = new StringBuilder(divisions.fullPlace(s.communityCode()));
        if (s.building() != null) {
            sb.append(s.building());
        }
        if (s.unit() != null) {
            sb.append(Address.unitWithWord(s.unit()));
        }
        if (s.room() != null) {
            sb.append(s.room()).append(s.room().chars().allMatch(Character::isDigit) ? "室" : "");
        }
        return sb.toString();
    }

    private static String removalReason(ResidentSnapshot s) {
        return switch (Objects.requireNonNullElse(s.status(), "")) {
            case "MOVED_OUT" -> "迁出";
            case "DECEASED" -> "死亡";
            case MERGED -> "重复登记";
            case VOIDED -> "登记有误";
            default -> "不再符合条件";
        };
    }

    private static String text(Object raw) {
        return raw.toString();
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof String str && str.isBlank());
    }
}
