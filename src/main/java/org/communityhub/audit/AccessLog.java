package org.communityhub.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.audit.chain.AuditChain;

/**
 * The access log: every read of personal data, every reveal and every export — who, in which
 * roles, from where, which residents, which fields, for what purpose, when. Written in its own
 * transaction before the data is returned: if the log cannot be written, nothing is shown.
 * Hash-chained like the sharing ledger. Reveals and exports are checked for unusual use.
 */
@ApplicationScoped
public class AccessLog {

    /** What kind of access. */
    public enum Action {
        /** One resident shown (identifiers masked). */
        VIEW,
        /** A list of residents shown. */
        LIST,
        /** Identifiers shown unmasked. */
        REVEAL,
        /** Personal data written to a file or download. */
        EXPORT,
        /** A platform's payload for a resident shown. */
        PREVIEW,
        /** A resident's change history shown. */
        HISTORY,
        /** A resident's disclosure history shown. */
        DISCLOSURES,
        /** Two records of one person merged into one, or a merge undone. */
        MERGE
    }

    private final AgroalDataSource dataSource;
    private final AccessAlerts alerts;
    private final Clock clock;

    AccessLog(AgroalDataSource dataSource, AccessAlerts alerts, Clock clock) {
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Logs a read of personal data (no reveal). */
    public void read(Actor actor, Action action, String resource, Collection<UUID> residents, List<String> fields) {
        record(actor, action, resource, residents, fields, Reveal.NONE);
    }

    /**
     * Logs an access; a reveal is logged as {@link Action#REVEAL} with its purpose, whatever
     * {@code action} says.
     */
    public void record(
            Actor actor,
            Action action,
            String resource,
            Collection<UUID> residents,
            List<String> fields,
            Reveal reveal) {
        Action logged = reveal.any() ? Action.REVEAL : action;
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long id = QuarkusTransaction.requiringNew()
                .call(() -> insert(actor, logged, resource, residents, fields, reveal, at));
        if (logged == Action.REVEAL || logged == Action.EXPORT) {
            // After the chain's head is released: other readers need not wait for the check.
            QuarkusTransaction.requiringNew().run(() -> alerts.check(actor.username(), id, at));
        }
    }

    private long insert(
            Actor actor,
            Action action,
            String resource,
            Collection<UUID> residents,
            List<String> fields,
            Reveal reveal,
            Instant at) {
        List<String> roles = actor.roles().stream().sorted().toList();
        List<UUID> residentIds = List.copyOf(residents);
        try (Connection c = dataSource.getConnection()) {
            long id = AuditChain.ids(c, "access_log", 1)[0];
            AuditChain chain = AuditChain.open(c, AuditChain.ACCESS);
            AuditChain.Link link = chain.next(
                    "access_log",
                    id,
                    at,
                    actor.username(),
                    roles,
                    actor.clientAddress(),
                    action.name(),
                    resource,
                    residentIds,
                    fields,
                    reveal.purpose(),
                    reveal.note());
            try (PreparedStatement ps = c.prepareStatement("insert into access_log (id, chain_seq, prev_hash, row_hash,"
                    + " at, username, roles, client_address, action, resource, resident_ids, fields, purpose,"
                    + " purpose_note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setLong(2, link.seq());
                ps.setBytes(3, link.previous());
                ps.setBytes(4, link.hash());
                ps.setTimestamp(5, Timestamp.from(at));
                ps.setString(6, actor.username());
                ps.setArray(7, c.createArrayOf("varchar", roles.toArray()));
                ps.setString(8, actor.clientAddress());
                ps.setString(9, action.name());
                ps.setString(10, resource);
                ps.setArray(11, c.createArrayOf("uuid", residentIds.toArray()));
                ps.setArray(12, c.createArrayOf("varchar", fields.toArray()));
                ps.setString(13, reveal.purpose());
                ps.setString(14, reveal.note());
                ps.executeUpdate();
            }
            chain.close();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the access log", e);
        }
    }
}
