package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens to the database for work committed by any hub process: new outbox rows ({@code
 * hub_outbox}) and deliveries due now ({@code hub_delivery}, naming the platform), both sent by
 * triggers when their transaction commits. The dispatcher and the platform workers wait for these
 * notices instead of looking every second.
 *
 * <p>One connection of its own, outside the pool, held for as long as the hub runs: a pooled
 * connection would hold a place in the pool for good, and LISTEN must stay on one session. When
 * the connection fails it is opened again after a pause; meanwhile {@link #listening()} is false,
 * and the waiting threads look for work at the poll interval as before.
 */
@ApplicationScoped
class CommitNotices {

    static final String OUTBOX = "hub_outbox";
    static final String DELIVERY = "hub_delivery";

    private static final Logger LOG = Logger.getLogger(CommitNotices.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final int WAIT_MILLIS = 500;

    private final String url;
    private final String username;
    private final String password;
    private volatile boolean listening;
    private volatile boolean running = true;

    CommitNotices(
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Whether notices arrive now: if not, work committed meanwhile is found only by looking. */
    boolean listening() {
        return listening;
    }

    /**
     * Listens until {@link #stop()} or the thread is interrupted, handing each notice's channel and
     * payload to {@code onNotice}; called on a thread of its own, once. Stopped before it starts, it
     * returns at once: a hub shutting down while it starts does not leave a listener behind.
     */
    void listen(Consumer<PGNotification> onNotice, Runnable onListening) {
        boolean failedBefore = false;
        while (running && !Thread.currentThread().isInterrupted()) {
            try (Connection connection = open()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("listen " + OUTBOX);
                    s.execute("listen " + DELIVERY);
                }
                listening = true;
                if (failedBefore) {
                    LOG.info("Listening to the database for new work again");
                    failedBefore = false;
                }
                // Work committed while nobody listened is found by the look this starts.
                onListening.run();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
                    if (notices != null) {
                        for (PGNotification n : notices) {
                            onNotice.accept(n);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                if (!failedBefore) {
                    // The driver's message names the server, never any data.
                    LOG.warnf(
                            "Listening to the database for new work failed (%s); looking for work every poll interval until it works again",
                            e.getClass().getSimpleName());
                    failedBefore = true;
                }
                try {
                    waitBeforeTryingAgain();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                listening = false;
            }
        }
    }

    /** Ends {@link #listen}: at once when it waits to try again, within half a second otherwise. */
    synchronized void stop() {
        running = false;
        notifyAll();
    }

    private synchronized void waitBeforeTryingAgain() throws InterruptedException {
        long until = System.nanoTime() + RETRY.toNanos();
        for (long left = RETRY.toMillis(); running && left > 0; left = (until - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "community-data-hub listener");
        properties.setProperty("logServerErrorDetail", "false");
        return DriverManager.getConnection(url, properties);
    }
}
