package org.communityhub.registry.household;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;

/**
 * What one user's work over a period left in the registry, as its history records it: the people
 * they registered, and the households of the people they registered or changed that have no head
 * now. An import's summary asks this for its uploader and the time its commit ran: the registry
 * records who registered a person and when, not through which import, so a person the uploader
 * registered by hand while the commit ran is counted with it.
 */
@ApplicationScoped
public class ChangesByUser {

    /** A household without an active member whose relation to the head is 户主. */
    public record HouseholdWithoutHead(UUID id, String householdNumber, String communityCode, String communityName) {}

    /** A person registered in the period, as a list of them shows. */
    public record RegisteredPerson(UUID id, String name, String communityName, String householdNumber, String status) {}

    private static final String TOUCHED = """
            select distinct r.household_id
              from resident_history rh
              join resident r on r.id = rh.resident_id
             where rh.changed_by = ? and rh.changed_at between ? and ? and r.household_id is not null
            """;

    private static final String WITHOUT_HEAD = """
            from household h
            join division d on d.code = h.community_code
           where h.id in (%s)
             and %s
             and not exists (select 1 from resident m
                              where m.household_id = h.id and m.relation_to_head = '%s' and m.status = 'ACTIVE')
            """;

    private static final String REGISTERED = """
            from resident_history rh
            join resident r on r.id = rh.resident_id
            join division d on d.code = r.community_code
            left join household h on h.id = r.household_id
           where rh.changed_by = ? and rh.changed_at between ? and ? and rh.action = 'REGISTERED'
             and %s
            """;

    private final Jdbc jdbc;

    ChangesByUser(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The households without a head among those {@code user} touched in the period (the first {@code limit}, by number). */
    public Page<HouseholdWithoutHead> householdsWithoutHead(
            String user, Instant from, Instant to, AreaScope viewer, int limit) {
        String where =
                WITHOUT_HEAD.formatted(TOUCHED, ScopeSql.condition(viewer, "h.community_code"), HouseholdService.HEAD);
        List<HouseholdWithoutHead> items = jdbc.query(
                "select h.id, h.household_number, h.community_code, d.name " + where
                        + " order by h.community_code, h.household_number limit ?",
                ps -> {
                    bindPeriod(ps, 1, user, from, to);
                    ps.setInt(4, limit);
                },
                rs -> new HouseholdWithoutHead(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)));
        long total = items.size() < limit
                ? items.size()
                : jdbc.query("select count(*) " + where, ps -> bindPeriod(ps, 1, user, from, to), rs -> rs.getLong(1))
                        .get(0);
        return new Page<>(items, total, 0, limit);
    }

    /** The people {@code user} registered in the period, a page at a time, by name. */
    public Page<RegisteredPerson> registered(
            String user, Instant from, Instant to, AreaScope viewer, PageRequest page) {
        String where = REGISTERED.formatted(ScopeSql.condition(viewer, "r.community_code"));
        List<RegisteredPerson> items = jdbc.query(
                "select r.id, r.name, d.name, h.household_number, r.status " + where
                        + " order by r.name, r.id offset ? limit ?",
                ps -> {
                    bindPeriod(ps, 1, user, from, to);
                    ps.setLong(4, page.offset());
                    ps.setInt(5, page.size());
                },
                rs -> new RegisteredPerson(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)));
        long total = jdbc.query(
                        "select count(*) " + where, ps -> bindPeriod(ps, 1, user, from, to), rs -> rs.getLong(1))
                .get(0);
        return new Page<>(items, total, page.page(), page.size());
    }

    private static void bindPeriod(java.sql.PreparedStatement ps, int first, String user, Instant from, Instant to)
            throws java.sql.SQLException {
        ps.setString(first, user);
        ps.setTimestamp(first + 1, Timestamp.from(from));
        ps.setTimestamp(first + 2, Timestamp.from(to));
    }
}
