package org.communityhub.common.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.TestSql;
import org.junit.jupiter.api.Test;

/** The one way to hand-written SQL: streams, one row, named parameters and advisory locks. */
@HubTest
class JdbcTest {

    /** A key no feature uses (see AdvisoryLocks). */
    private static final long KEY = 0x4855_42FFL;

    @Inject
    Jdbc jdbc;

    @Test
    void aStreamOutsideATransactionReadsEveryRowThroughItsOwnCursor() {
        long[] sum = {0};
        long rows = jdbc.forEach(
                "select n from generate_series(1, 2500) n order by n",
                100,
                (c, ps) -> {},
                rs -> sum[0] += rs.getLong(1));

        assertThat(rows).isEqualTo(2500);
        assertThat(sum[0]).isEqualTo(2500L * 2501 / 2);
    }

    @Test
    void streamsOpenTogetherInOneTransactionAreReadInTurn() {
        List<Long> merged = QuarkusTransaction.requiringNew().call(() -> {
            try (Stream<Long> odd = jdbc.stream(
                            "select n from generate_series(1, 999, 2) n order by n",
                            10,
                            (c, ps) -> {},
                            rs -> rs.getLong(1));
                    Stream<Long> even = jdbc.stream(
                            "select n from generate_series(2, 1000, 2) n order by n",
                            10,
                            (c, ps) -> {},
                            rs -> rs.getLong(1))) {
                Iterator<Long> a = odd.iterator();
                Iterator<Long> b = even.iterator();
                List<Long> both = new ArrayList<>();
                while (a.hasNext() && b.hasNext()) {
                    both.add(a.next());
                    both.add(b.next());
                }
                return both;
            }
        });

        assertThat(merged).hasSize(1000);
        assertThat(merged).isSorted();
    }

    @Test
    void oneRowIsThereOrNot() {
        assertThat(jdbc.queryOne("select 42 where ? = 1", ps -> ps.setInt(1, 1), rs -> rs.getInt(1)))
                .contains(42);
        assertThat(jdbc.queryOne("select 42 where ? = 1", ps -> ps.setInt(1, 2), rs -> rs.getInt(1)))
                .isEmpty();
    }

    @Test
    void namedParametersAreBoundByTheirJavaType() {
        Optional<String> row = jdbc.queryOne(
                "select :text || '/' || (:day::date + 1) || '/' || (:flag and true) || '/' || 'x:y'",
                Map.of("text", "名", "day", java.time.LocalDate.of(2026, 12, 31), "flag", true),
                rs -> rs.getString(1));

        assertThat(row).contains("名/2027-01-01/true/x:y");
    }

    @Test
    void aSessionLockHeldElsewhereLeavesTheWorkUndone() throws Exception {
        assertThat(jdbc.underSessionLock(KEY, () -> jdbc.lockHeld(KEY))).contains(true);
        assertThat(jdbc.lockHeld(KEY)).isFalse();

        try (Connection other = TestSql.connect()) {
            assertThat(AdvisoryLocks.tryLockForSession(other, KEY)).isTrue();
            assertThat(jdbc.underSessionLock(KEY, () -> "ran")).isEmpty();
            assertThat(jdbc.lockHeld(KEY)).isTrue();
        }
    }
}
