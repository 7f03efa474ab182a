package org.communityhub.audit.chain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.communityhub.common.database.Jdbc;
import org.jboss.logging.Logger;

/**
 * Links sharing-ledger rows written before the ledger was chained (a hub upgraded from a version
 * without chains) at start-up, in table order, so that verification covers them from then on. Only
 * rows that existed when the chain was introduced: anything outside the chain later is named by
 * verification, never linked.
 */
@ApplicationScoped
class ChainBackfill {

    private static final Logger LOG = Logger.getLogger(ChainBackfill.class);

    private final Jdbc jdbc;

    ChainBackfill(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void onStart(@Observes StartupEvent event) {
        int linked = QuarkusTransaction.requiringNew().call(this::linkUnlinked);
        if (linked > 0) {
            LOG.infof("Linked %d sharing-ledger rows written before the ledger was chained", linked);
        }
    }

    private int linkUnlinked() {
        if (!anyUnlinked()) {
            return 0;
        }
        AuditChain chain = AuditChain.open(jdbc, AuditChain.SHARING);
        int linked = 0;
        for (ChainVerifier.Source source : ChainVerifier.SHARING) {
            record Row(long id, AuditChain.Link link) {}
            List<Row> rows = jdbc.query(
                    """
                    select %s from %s
                     where chain_seq is null and id <= (select max_id from audit_chain_legacy where table_name = ?)
                     order by id""".formatted(source.columns(), source.table()),
                    ps -> ps.setString(1, source.table()),
                    rs -> new Row(rs.getLong(1), chain.next(source.table(), ChainVerifier.content(rs, 1))));
            jdbc.batch(
                    "update " + source.table() + " set chain_seq = ?, prev_hash = ?, row_hash = ? where id = ?",
                    rows,
                    (c, ps, row) -> {
                        ps.setLong(1, row.link().seq());
                        ps.setBytes(2, row.link().previous());
                        ps.setBytes(3, row.link().hash());
                        ps.setLong(4, row.id());
                    });
            linked += rows.size();
        }
        chain.close();
        // Once: an unlinked row seen after this is a forgery, whatever its id.
        jdbc.update("update audit_chain_legacy set max_id = 0");
        return linked;
    }

    private boolean anyUnlinked() {
        for (ChainVerifier.Source source : ChainVerifier.SHARING) {
            boolean any = jdbc.queryOne(
                            """
                            select exists (select 1 from %s
                             where chain_seq is null and id <= (select max_id from audit_chain_legacy where table_name = ?))""".formatted(source.table()),
                            ps -> ps.setString(1, source.table()),
                            rs -> rs.getBoolean(1))
                    .orElseThrow();
            if (any) {
                return true;
            }
        }
        return false;
    }
}
