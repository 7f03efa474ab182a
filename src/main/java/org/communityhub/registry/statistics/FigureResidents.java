package org.communityhub.registry.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.identity.Masking;
import org.communityhub.reference.place.DivisionCode;

/**
 * The residents behind a community's figure (for a households indicator, the households with the
 * members who make them count), selected by the very rule the figure is counted by, so that the
 * list's total is the figure. ID numbers and phones are shown masked; every list shown is in the
 * access log, naming the residents and the fields shown, before it is returned.
 */
@ApplicationScoped
public class FigureResidents {

    /** What a line of the list shows of a resident, as the access log names the fields. */
    static final List<String> SHOWN_FIELDS = List.of(
            "name",
            Reveal.ID_NUMBER,
            Reveal.PHONE,
            "sex",
            "birthDate",
            "residenceType",
            "address",
            "household",
            "tags");

    /** A resident the figure counts, as lists show them: ID number and phone masked. */
    public record CountedResident(
            UUID id,
            String name,
            String idNumber,
            String phone,
            String sex,
            LocalDate birthDate,
            int age,
            String residenceType,
            String building,
            String unit,
            String room,
            String relationToHead,
            List<String> tags) {

        public CountedResident {
            tags = List.copyOf(tags);
        }
    }

    /** A household, as the household list shows it. */
    public record CountedHousehold(UUID id, String householdNumber, String building, String unit, String room) {}

    /**
     * A line of the list: for a residents indicator, the resident who counts (and their household,
     * if any); for a households indicator, the household that counts and its members who make it
     * count.
     */
    public record Counted(CountedHousehold household, List<CountedResident> residents) {

        public Counted {
            residents = List.copyOf(residents);
        }
    }

    private static final String RESIDENT_COLUMNS = """
            r.id, r.name, r.id_number_cipher, r.phone_cipher, r.sex, r.birth_date, r.residence_type,
            r.building, r.unit, r.room, r.relation_to_head, r.tags,
            h.id, h.household_number, h.building, h.unit, h.room""";

    private final Statistics statistics;
    private final Jdbc jdbc;
    private final PiiCipher pii;
    private final TagVisibility tags;
    private final AccessLog accessLog;

    FigureResidents(Statistics statistics, Jdbc jdbc, PiiCipher pii, TagVisibility tags, AccessLog accessLog) {
        this.statistics = statistics;
        this.jdbc = jdbc;
        this.pii = pii;
        this.tags = tags;
        this.accessLog = accessLog;
    }

    /**
     * One page of whom {@code community}'s figure for {@code indicator} as of {@code asOf} counts;
     * its total is the figure. Refused like the figure: a community that is not one (422), outside
     * the actor's area (403 {@code out-of-scope}); an indicator over a restricted tag the actor may
     * not see (403 {@code restricted-tag}), whose figure they are not shown either.
     *
     * <p>The page and the API alike log the list under the API's path, as the other lists do.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Counted> list(Actor actor, String community, Indicator indicator, LocalDate asOf, PageRequest page) {
        String code = checkedCommunity(actor, community);
        if (!statistics.maySee(actor, indicator)) {
            throw ProblemException.forbidden(
                    "restricted-tag", "“" + indicator.name() + "”按受限标签统计，您的角色不能查看这个数字，也不能查看其中的居民。");
        }
        Statistics.Rule rule = statistics.rule(actor, code, indicator, asOf);
        Page<Counted> found = indicator.unit() == Indicator.Unit.HOUSEHOLDS
                ? households(actor, rule, asOf, page)
                : residents(actor, rule, asOf, page);
        List<UUID> shown = found.items().stream()
                .flatMap(c -> c.residents().stream())
                .map(CountedResident::id)
                .toList();
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /api/v1/statistics/residents",
                shown,
                Reveal.NONE.asShown(SHOWN_FIELDS));
        return found;
    }

    /** The 12-digit community code, checked as the figures check a division: in the area, registered. */
    private String checkedCommunity(Actor actor, String community) {
        String code = community == null ? "" : community.strip();
        if (code.isEmpty()) {
            throw ProblemException.invalid("community", "required", "请给出社区代码（12 位），例如 community=110105001001。");
        }
        if (!DivisionCode.isCommunity(code)) {
            throw ProblemException.invalid("community", "invalid-community", "社区代码应为 12 位数字。");
        }
        if (!actor.covers(code)) {
            throw ProblemException.forbidden("out-of-scope", "社区 " + code + " 不在您的管辖范围内。");
        }
        if (statistics.communitiesUnder(actor, code).isEmpty()) {
            throw ProblemException.invalid("community", "unknown-community", "没有登记代码为 " + code + " 的社区。");
        }
        return code;
    }

    private Page<Counted> residents(Actor actor, Statistics.Rule rule, LocalDate asOf, PageRequest page) {
        long total = count("select count(*) from resident r where " + rule.where(), rule.params());
        List<Object> params = new ArrayList<>(rule.params());
        params.add(page.size());
        params.add(page.offset());
        List<Counted> items = jdbc.query(
                "select " + RESIDENT_COLUMNS + " from resident r left join household h on h.id = r.household_id"
                        + " where " + rule.where()
                        + " order by r.building, r.unit, r.room, r.name, r.id limit ? offset ?",
                (c, ps) -> Statistics.bind(c, ps, params),
                rs -> new Counted(household(rs), List.of(resident(actor, rs, asOf))));
        return new Page<>(items, total, page.page(), page.size());
    }

    private Page<Counted> households(Actor actor, Statistics.Rule rule, LocalDate asOf, PageRequest page) {
        long total =
                count("select count(distinct r.household_id) from resident r where " + rule.where(), rule.params());
        List<Object> params = new ArrayList<>(rule.params());
        params.add(page.size());
        params.add(page.offset());
        List<CountedHousehold> households = jdbc.query(
                "select h.id, h.household_number, h.building, h.unit, h.room from household h"
                        + " where h.id in (select r.household_id from resident r where " + rule.where() + ")"
                        + " order by h.household_number, h.id limit ? offset ?",
                (c, ps) -> Statistics.bind(c, ps, params),
                rs -> new CountedHousehold(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)));
        Map<UUID, List<CountedResident>> members = new LinkedHashMap<>();
        households.forEach(h -> members.put(h.id(), new ArrayList<>()));
        if (!households.isEmpty()) {
            UUID[] ids = households.stream().map(CountedHousehold::id).toArray(UUID[]::new);
            jdbc.query(
                    "select " + RESIDENT_COLUMNS + " from resident r join household h on h.id = r.household_id"
                            + " where " + rule.where() + " and r.household_id = any(?)"
                            + " order by r.relation_to_head nulls last, r.birth_date, r.id",
                    (c, ps) -> {
                        Statistics.bind(c, ps, rule.params());
                        ps.setArray(rule.params().size() + 1, c.createArrayOf("uuid", ids));
                    },
                    rs -> members.get(rs.getObject(13, UUID.class)).add(resident(actor, rs, asOf)));
        }
        List<Counted> items = households.stream()
                .map(h -> new Counted(h, members.get(h.id())))
                .toList();
        return new Page<>(items, total, page.page(), page.size());
    }

    private long count(String sql, List<Object> params) {
        return jdbc.query(sql, (c, ps) -> Statistics.bind(c, ps, params), rs -> rs.getLong(1))
                .get(0);
    }

    private CountedResident resident(Actor actor, ResultSet rs, LocalDate asOf) throws SQLException {
        LocalDate birth = rs.getObject(6, LocalDate.class);
        Array stored = rs.getArray(12);
        List<String> all = stored == null ? List.of() : Arrays.asList((String[]) stored.getArray());
        return new CountedResident(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                Masking.maskIdNumber(pii.decrypt(PiiField.ID_NUMBER, rs.getBytes(3))),
                Masking.maskPhone(pii.decrypt(PiiField.PHONE, rs.getBytes(4))),
                rs.getString(5),
                birth,
                Period.between(birth, asOf).getYears(),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                tags.visible(actor, all));
    }

    private static CountedHousehold household(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(13, UUID.class);
        return id == null
                ? null
                : new CountedHousehold(id, rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17));
    }
}
