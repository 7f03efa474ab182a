package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.adapter.Adapters;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;

/**
 * Tasks for workers that the machine opens and closes: a platform refused a resident's record
 * (open, with the platform's message, until a later delivery to it is accepted).
 */
@ApplicationScoped
@Transactional
public class TaskService {

    public static final String PLATFORM_REJECTION = "PLATFORM_REJECTION";

    private final EntityManager em;
    private final Jdbc jdbc;
    private final Adapters adapters;
    private final AccessLog accessLog;

    TaskService(EntityManager em, Jdbc jdbc, Adapters adapters, AccessLog accessLog) {
        this.em = em;
        this.jdbc = jdbc;
        this.adapters = adapters;
        this.accessLog = accessLog;
    }

    /** Opens (or refreshes the message of) a rejection task per resident. */
    public void openRejections(String adapterId, Map<UUID, String> messages) {
        Instant now = Instant.now();
        Jdbc.flushPending(em);
        messages.forEach((resident, message) -> jdbc.update("""
                insert into task (id, kind, resident_id, adapter_id, message, opened_at)
                 values (?, ?, ?, ?, ?, ?)
                 on conflict (kind, resident_id, adapter_id) where closed_at is null
                 do update set message = excluded.message""", ps -> {
            ps.setObject(1, Ids.newId());
            ps.setString(2, PLATFORM_REJECTION);
            ps.setObject(3, resident);
            ps.setString(4, adapterId);
            ps.setString(5, message.length() > 1000 ? message.substring(0, 1000) : message);
            ps.setTimestamp(6, Timestamp.from(now));
        }));
    }

    /** Closes rejection tasks of residents whose record the platform has now accepted. */
    public void closeRejections(String adapterId, Collection<UUID> residents) {
        if (residents.isEmpty()) {
            return;
        }
        Jdbc.flushPending(em);
        jdbc.update("""
                update task set closed_at = now(), closed_by = 'system:delivery'
                 where kind = ? and adapter_id = ? and closed_at is null and resident_id = any(?::uuid[])""", (c, ps) -> {
            ps.setString(1, PLATFORM_REJECTION);
            ps.setString(2, adapterId);
            ps.setArray(3, c.createArrayOf("uuid", residents.toArray()));
        });
    }

    /** Tasks in an area, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TaskView> list(Actor actor, boolean open, UUID residentId, PageRequest page) {
        AreaScope scope = actor.scope();
        Map<String, Object> params = new HashMap<>();
        String where = " where " + ScopeSql.condition(scope, "r.community_code")
                + (open ? " and t.closed_at is null" : " and t.closed_at is not null");
        if (residentId != null) {
            where += " and t.resident_id = :resident";
            params.put("resident", residentId);
        }
        Jdbc.flushPending(em);
        List<TaskView> items = jdbc.query(
                """
                select t.id, t.kind, t.resident_id, r.name, r.community_code, t.adapter_id, t.message, t.opened_at,
                 t.closed_at from task t join resident r on r.id = t.resident_id""" + where + " order by t.opened_at desc, t.id limit " + page.size() + " offset " + page.offset(),
                params,
                rs -> {
                    String adapterId = rs.getString(6);
                    return new TaskView(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getObject(3, UUID.class),
                            rs.getString(4),
                            rs.getString(5),
                            adapterId,
                            adapterId == null
                                    ? null
                                    : adapters.find(adapterId)
                                            .map(a -> a.name())
                                            .orElse(adapterId),
                            rs.getString(7),
                            instant(rs.getTimestamp(8)),
                            instant(rs.getTimestamp(9)));
                });
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /api/v1/tasks",
                items.stream().map(TaskView::residentId).distinct().toList(),
                List.of("name"));
        long total = jdbc.queryOne(
                        "select count(*) from task t join resident r on r.id = t.resident_id" + where,
                        params,
                        rs -> rs.getLong(1))
                .orElseThrow();
        return new Page<>(items, total, page.page(), page.size());
    }

    private static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
