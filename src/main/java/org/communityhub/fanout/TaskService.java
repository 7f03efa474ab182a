package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
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
import org.communityhub.common.database.Sql;
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
    private final Adapters adapters;
    private final AccessLog accessLog;

    TaskService(EntityManager em, Adapters adapters, AccessLog accessLog) {
        this.em = em;
        this.adapters = adapters;
        this.accessLog = accessLog;
    }

    /** Opens (or refreshes the message of) a rejection task per resident. */
    public void openRejections(String adapterId, Map<UUID, String> messages) {
        Instant now = Instant.now();
        messages.forEach((resident, message) -> em.createNativeQuery(
                        "insert into task (id, kind, resident_id, adapter_id, message, opened_at)"
                                + " values (?1, ?2, ?3, ?4, ?5, ?6)"
                                + " on conflict (kind, resident_id, adapter_id) where closed_at is null"
                                + " do update set message = excluded.message")
                .setParameter(1, Ids.newId())
                .setParameter(2, PLATFORM_REJECTION)
                .setParameter(3, resident)
                .setParameter(4, adapterId)
                .setParameter(5, message.length() > 1000 ? message.substring(0, 1000) : message)
                .setParameter(6, Timestamp.from(now))
                .executeUpdate());
    }

    /** Closes rejection tasks of residents whose record the platform has now accepted. */
    public void closeRejections(String adapterId, Collection<UUID> residents) {
        if (residents.isEmpty()) {
            return;
        }
        em.createNativeQuery(
                        "update task set closed_at = now(), closed_by = 'system:delivery'"
                                + " where kind = ?1 and adapter_id = ?2 and closed_at is null and resident_id = any(cast(?3 as uuid[]))")
                .setParameter(1, PLATFORM_REJECTION)
                .setParameter(2, adapterId)
                .setParameter(3, residents.toArray(UUID[]::new))
                .executeUpdate();
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
        Query query = em.createNativeQuery(
                "select t.id, t.kind, t.resident_id, r.name, r.community_code, t.adapter_id, t.message, t.opened_at,"
                        + " t.closed_at from task t join resident r on r.id = t.resident_id" + where
                        + " order by t.opened_at desc, t.id limit " + page.size() + " offset " + page.offset(),
                Tuple.class);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Tuple> rows = query.getResultList();
        List<TaskView> items = rows.stream()
                .map(t -> {
                    String adapterId = Sql.text(t.get(5));
                    return new TaskView(
                            Sql.uuid(t.get(0)),
                            Sql.text(t.get(1)),
                            Sql.uuid(t.get(2)),
                            Sql.text(t.get(3)),
                            Sql.text(t.get(4)),
                            adapterId,
                            adapterId == null
                                    ? null
                                    : adapters.find(adapterId)
                                            .map(a -> a.name())
                                            .orElse(adapterId),
                            Sql.text(t.get(6)),
                            instant(t.get(7)),
                            instant(t.get(8)));
                })
                .toList();
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /api/v1/tasks",
                items.stream().map(TaskView::residentId).distinct().toList(),
                List.of("name"));
        Query count =
                em.createNativeQuery("select count(*) from task t join resident r on r.id = t.resident_id" + where);
        params.forEach(count::setParameter);
        return new Page<>(items, ((Number) count.getSingleResult()).longValue(), page.page(), page.size());
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
