package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Waiting.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.HubTestDatabase;
import org.communityhub.testing.TestSql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database tells the hub of committed work, and only of that: the dispatcher and the workers
 * sleep until then (in the test profile the look they make unasked is an hour apart, so every
 * delivery test also depends on these notices).
 */
@HubTest
class CommitNoticesTest {

    private final List<Thread> threads = new ArrayList<>();
    private final List<CommitNotices> listeners = new ArrayList<>();

    @AfterEach
    void stopListening() throws Exception {
        listeners.forEach(CommitNotices::stop);
        for (Thread t : threads) {
            t.join(5_000);
        }
        TestSql.execute("delete from delivery where adapter_id like 'notice-%'");
    }

    @Test
    void committedOutboxRowsAndDueDeliveriesAreNoticedAndARolledBackOneIsNot() throws Exception {
        BlockingQueue<String> noticed = listen(HubTestDatabase.database().jdbcUrl());
        String now = "notice-" + UUID.randomUUID().toString().substring(0, 8);
        String later = "notice-" + UUID.randomUUID().toString().substring(0, 8);

        try (Connection c = TestSql.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(delivery(later, "now() + interval '1 hour'"));
                s.execute(delivery("notice-rolled-back", "now()"));
            }
            c.rollback();
            try (Statement s = c.createStatement()) {
                s.execute(delivery(now, "now()"));
                s.execute(delivery(now, "now()"));
                s.execute(delivery(later, "now() + interval '1 hour'"));
            }
            assertThat(noticed.poll(300, TimeUnit.MILLISECONDS))
                    .as("nothing is told before the commit")
                    .isNull();
            c.commit();
        }

        assertThat(noticed.poll(5, TimeUnit.SECONDS)).isEqualTo(CommitNotices.DELIVERY + ":" + now);
        // Two statements of one transaction, one notice; the delivery due in an hour and the rolled-back
        // one tell nobody.
        List<String> rest = new ArrayList<>();
        noticed.drainTo(rest);
        assertThat(rest).filteredOn(n -> n.contains("notice-")).isEmpty();
    }

    @Test
    void aDeliveryMadeDueAgainIsNoticed() throws Exception {
        BlockingQueue<String> noticed = listen(HubTestDatabase.database().jdbcUrl());
        String platform = "notice-" + UUID.randomUUID().toString().substring(0, 8);
        TestSql.execute(delivery(platform, "now() + interval '1 hour'"));
        assertThat(noticed.poll(300, TimeUnit.MILLISECONDS)).isNull();

        TestSql.execute("update delivery set next_attempt_at = now() where adapter_id = '" + platform + "'");

        assertThat(noticed.poll(5, TimeUnit.SECONDS)).isEqualTo(CommitNotices.DELIVERY + ":" + platform);
    }

    @Test
    void aNewOutboxRowIsNoticed() throws Exception {
        BlockingQueue<String> noticed = listen(HubTestDatabase.database().jdbcUrl());
        TestSql.execute("insert into change_outbox (resident_id, resident_version, adapter_id)" + " values ('"
                + UUID.randomUUID() + "', 1, 'notice-none')");

        String notice;
        do {
            notice = noticed.poll(5, TimeUnit.SECONDS);
        } while (notice != null && !notice.startsWith(CommitNotices.OUTBOX));
        assertThat(notice).isEqualTo(CommitNotices.OUTBOX + ":");
    }

    @Test
    void aDatabaseThatCannotBeReachedLeavesTheHubLookingByItself() throws Exception {
        CommitNotices notices = new CommitNotices("jdbc:postgresql://127.0.0.1:1/hub", "hub", "");
        BlockingQueue<String> noticed = start(notices);

        assertThat(noticed.poll(1, TimeUnit.SECONDS)).isNull();
        assertThat(notices.listening()).isFalse();

        // Stopped while it waits five seconds to try again: it ends now, not after the wait.
        notices.stop();
        Thread listener = threads.get(threads.size() - 1);
        listener.join(2_000);
        assertThat(listener.isAlive()).isFalse();
    }

    @Test
    void aListenerStoppedBeforeItStartsNeverListens() throws Exception {
        var db = HubTestDatabase.database();
        CommitNotices notices = new CommitNotices(db.jdbcUrl(), db.username(), db.password());
        notices.stop();

        start(notices);
        Thread listener = threads.get(threads.size() - 1);
        listener.join(2_000);

        assertThat(listener.isAlive()).isFalse();
        assertThat(notices.listening()).isFalse();
    }

    private BlockingQueue<String> listen(String url) {
        var db = HubTestDatabase.database();
        CommitNotices notices = new CommitNotices(url, db.username(), db.password());
        BlockingQueue<String> noticed = start(notices);
        await().atMost(Duration.ofSeconds(10)).until(notices::listening);
        return noticed;
    }

    private BlockingQueue<String> start(CommitNotices notices) {
        BlockingQueue<String> noticed = new LinkedBlockingQueue<>();
        Thread t = new Thread(
                () -> notices.listen(n -> noticed.add(n.getName() + ":" + n.getParameter()), () -> {}), "notices-test");
        t.setDaemon(true);
        t.start();
        threads.add(t);
        listeners.add(notices);
        return noticed;
    }

    private static String delivery(String platform, String due) {
        return "insert into delivery (adapter_id, resident_id, target_version, status, next_attempt_at,"
                + " created_at, updated_at) values ('" + platform + "', '" + UUID.randomUUID()
                + "', 1, 'PENDING', " + due + ", now(), now())";
    }
}
