package org.communityhub.audit.chain;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    private final AgroalDataSource dataSource;

    ChainBackfill(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) {
        int linked = QuarkusTransaction.requiringNew().call(this::linkUnlinked);
        if (linked > 0) {
            LOG.infof("Linked %d sharing-ledger rows written before the ledger was chained", linked);
        }
    }

    private int linkUnlinked() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!anyUnlinked(c)) {
                return 0;
            }
            AuditChain chain = AuditChain.open(c, AuditChain.SHARING);
            int linked = 0;
            for (ChainVerifier.Source source : ChainVerifier.SHARING) {
                record Row(long id, AuditChain.Link link) {}
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select " + source.columns() + " from " + source.table()
                        + " where chain_seq is null and id <= (select max_id from audit_chain_legacy"
                        + " where table_name = ?) order by id")) {
                    ps.setString(1, source.table());
                    ResultSet rs = ps.executeQuery();
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), chain.next(source.table(), ChainVerifier.content(rs, 1))));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "update " + source.table() + " set chain_seq = ?, prev_hash = ?, row_hash = ? where id = ?")) {
                    for (Row row : rows) {
                        ps.setLong(1, row.link().seq());
                        ps.setBytes(2, row.link().previous());
                        ps.setBytes(3, row.link().hash());
                        ps.setLong(4, row.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                linked += rows.size();
            }
            chain.close();
            // Once: an unlinked row seen after this is a forgery, whatever its id.
            try (PreparedStatement ps = c.prepareStatement("update audit_chain_legacy set max_id = 0")) {
                ps.executeUpdate();
            }
            return linked;
        }
    }

    private static boolean anyUnlinked(Connection c) throws SQLException {
        for (ChainVerifier.Source source : ChainVerifier.SHARING) {
            try (PreparedStatement ps = c.prepareStatement(
                    "select exists (select 1 from " + source.table()
                            + " where chain_seq is null and id <= (select max_id from audit_chain_legacy where table_name = ?))")) {
                ps.setString(1, source.table());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
