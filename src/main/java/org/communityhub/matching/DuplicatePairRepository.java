package org.communityhub.matching;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.ids.Ids;

/** The pairs found and decided, and the scans, in {@code duplicate_pair} and {@code duplicate_scan}. */
@ApplicationScoped
class DuplicatePairRepository {

    /** A stored pair. */
    record StoredPair(
            UUID id,
            UUID residentA,
            UUID residentB,
            double score,
            List<String> reasons,
            PairStatus status,
            String foundBy,
            Instant foundAt,
            String decidedBy,
            Instant decidedAt) {}

    /** The outcome of offering a pair: its id, and whether it was new; empty when it was decided before. */
    record Offered(UUID id, boolean inserted) {}

    private static final String PAIR_COLUMNS =
            "id, resident_a, resident_b, score, reasons, status, found_by, found_at, decided_by, decided_at";

    private final Jdbc jdbc;

    DuplicatePairRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a probable pair (a &lt; b) as open, or refreshes the score and reasons of an open one;
     * a decided pair is left as it is and not offered again (empty).
     */
    Optional<Offered> offer(
            UUID a,
            UUID b,
            String communityA,
            String communityB,
            double score,
            List<String> reasons,
            String foundBy,
            UUID scanId,
            Instant now) {
        List<Offered> rows = jdbc.query(
                "insert into duplicate_pair (id, resident_a, resident_b, score, reasons, status, found_by, scan_id,"
                        + " community_a, community_b, found_at) values (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?)"
                        + " on conflict (resident_a, resident_b) do update set score = excluded.score,"
                        + " reasons = excluded.reasons, community_a = excluded.community_a,"
                        + " community_b = excluded.community_b where duplicate_pair.status = 'OPEN'"
                        + " returning id, (xmax = 0)",
                (c, ps) -> {
                    ps.setObject(1, Ids.newId());
                    ps.setObject(2, a);
                    ps.setObject(3, b);
                    ps.setDouble(4, score);
                    ps.setArray(5, c.createArrayOf("varchar", reasons.toArray()));
                    ps.setString(6, foundBy);
                    ps.setObject(7, scanId);
                    ps.setString(8, communityA);
                    ps.setString(9, communityB);
                    ps.setTimestamp(10, Timestamp.from(now));
                },
                rs -> new Offered(rs.getObject(1, UUID.class), rs.getBoolean(2)));
        return rows.stream().findFirst();
    }

    Optional<StoredPair> find(UUID id) {
        return jdbc
                .query(
                        "select " + PAIR_COLUMNS + " from duplicate_pair where id = ?",
                        ps -> ps.setObject(1, id),
                        DuplicatePairRepository::pair)
                .stream()
                .findFirst();
    }

    /** Pairs of a status with both residents (where they lived when found) in the scope, best first. */
    List<StoredPair> list(AreaScope scope, PairStatus status, int offset, int limit) {
        return jdbc.query(
                "select " + PAIR_COLUMNS + " from duplicate_pair where status = ? and " + inScope(scope)
                        + " order by score desc, found_at, id limit " + limit + " offset " + offset,
                ps -> ps.setString(1, status.name()),
                DuplicatePairRepository::pair);
    }

    long count(AreaScope scope, PairStatus status) {
        return jdbc.query(
                        "select count(*) from duplicate_pair where status = ? and " + inScope(scope),
                        ps -> ps.setString(1, status.name()),
                        rs -> rs.getLong(1))
                .get(0);
    }

    /** Records a decision on an open pair; false when it was decided meanwhile. */
    boolean decide(UUID id, PairStatus decision, String by, Instant at) {
        return jdbc.update(
                        "update duplicate_pair set status = ?, decided_by = ?, decided_at = ? where id = ? and status = 'OPEN'",
                        (c, ps) -> {
                            ps.setString(1, decision.name());
                            ps.setString(2, by);
                            ps.setTimestamp(3, Timestamp.from(at));
                            ps.setObject(4, id);
                        })
                == 1;
    }

    /** Takes a decision back: the pair is open again; false when it was not decided {@code as}. */
    boolean reopen(UUID id, PairStatus as) {
        return jdbc.update(
                        "update duplicate_pair set status = 'OPEN', decided_by = null, decided_at = null"
                                + " where id = ? and status = ?",
                        (c, ps) -> {
                            ps.setObject(1, id);
                            ps.setString(2, as.name());
                        })
                == 1;
    }

    /** The pair of these two residents, in either order, if one was ever found. */
    Optional<UUID> pairOf(UUID one, UUID other) {
        UUID a = one.compareTo(other) < 0 ? one : other;
        UUID b = a == one ? other : one;
        return jdbc
                .query(
                        "select id from duplicate_pair where resident_a = ? and resident_b = ?",
                        ps -> {
                            ps.setObject(1, a);
                            ps.setObject(2, b);
                        },
                        rs -> rs.getObject(1, UUID.class))
                .stream()
                .findFirst();
    }

    // ---- Scans ---------------------------------------------------------------------------------

    void insertScan(UUID id, String scope, String by, Instant at) {
        jdbc.update(
                "insert into duplicate_scan (id, scope, state, requested_by, requested_at) values (?, ?, 'QUEUED', ?, ?)",
                (c, ps) -> {
                    ps.setObject(1, id);
                    ps.setString(2, scope);
                    ps.setString(3, by);
                    ps.setTimestamp(4, Timestamp.from(at));
                });
    }

    void scanStarted(UUID id, Instant at) {
        jdbc.update("update duplicate_scan set state = 'RUNNING', started_at = ? where id = ?", (c, ps) -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setObject(2, id);
        });
    }

    void scanFinished(UUID id, ScanCounts counts, Instant at) {
        jdbc.update(
                "update duplicate_scan set state = 'DONE', finished_at = ?, residents_read = ?, blocks = ?,"
                        + " comparisons = ?, pairs_found = ?, pairs_new = ? where id = ?",
                (c, ps) -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setInt(2, counts.residents());
                    ps.setInt(3, counts.blocks());
                    ps.setLong(4, counts.comparisons());
                    ps.setInt(5, counts.pairsFound());
                    ps.setInt(6, counts.pairsNew());
                    ps.setObject(7, id);
                });
    }

    void scanFailed(UUID id, String failure, Instant at) {
        jdbc.update(
                "update duplicate_scan set state = 'FAILED', finished_at = ?, failure = ? where id = ?", (c, ps) -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, failure);
                    ps.setObject(3, id);
                });
    }

    /** Scans a stopped hub left queued or running: they will not finish. */
    int failUnfinishedScans(Instant at) {
        return jdbc.update(
                "update duplicate_scan set state = 'FAILED', finished_at = ?, failure = 'interrupted by a restart'"
                        + " where state in ('QUEUED', 'RUNNING')",
                (c, ps) -> ps.setTimestamp(1, Timestamp.from(at)));
    }

    Optional<DuplicateScanView> scan(UUID id) {
        return jdbc
                .query(
                        "select id, scope, state, requested_by, requested_at, started_at, finished_at, residents_read,"
                                + " blocks, comparisons, pairs_found, pairs_new, failure from duplicate_scan where id = ?",
                        ps -> ps.setObject(1, id),
                        rs -> new DuplicateScanView(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                instant(rs, 5),
                                instant(rs, 6),
                                instant(rs, 7),
                                rs.getInt(8),
                                rs.getInt(9),
                                rs.getLong(10),
                                rs.getInt(11),
                                rs.getInt(12),
                                rs.getString(13)))
                .stream()
                .findFirst();
    }

    private static String inScope(AreaScope scope) {
        return "(" + ScopeSql.condition(scope, "community_a") + ") and (" + ScopeSql.condition(scope, "community_b")
                + ")";
    }

    private static StoredPair pair(ResultSet rs) throws SQLException {
        return new StoredPair(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getDouble(4),
                Arrays.asList((String[]) rs.getArray(5).getArray()),
                PairStatus.valueOf(rs.getString(6)),
                rs.getString(7),
                instant(rs, 8),
                rs.getString(9),
                instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
