package org.communityhub.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneId;
import org.communityhub.access.SignInAlert;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.text.Text;

/**
 * Many failed sign-ins become an alert beside those of unusual access ({@link AccessAlerts}): kind
 * {@code SIGN_IN}, for the username tried (or {@code *} for failures across all usernames), its
 * {@code residents} column holding the failed sign-ins. One a username and day, as the others.
 */
@ApplicationScoped
class SignInAlerts {

    /** The username of an alert about failures across all usernames. */
    static final String ALL_USERS = "*";

    private final Jdbc jdbc;
    private final ZoneId zone;

    SignInAlerts(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.zone = clock.getZone();
    }

    void raise(@Observes SignInAlert alert) {
        // As the log shows it: a username that was only tried may hold anything.
        String username = alert.username() == null ? ALL_USERS : Text.forLog(alert.username());
        QuarkusTransaction.requiringNew()
                .run(() -> jdbc.update(
                        "insert into audit_alert (raised_at, username, kind, day, residents)"
                                + " values (?, ?, 'SIGN_IN', ?, ?) on conflict (username, kind, day)"
                                + " do update set residents = greatest(audit_alert.residents, excluded.residents)",
                        (c, ps) -> {
                            ps.setTimestamp(1, Timestamp.from(alert.at()));
                            ps.setString(2, username.length() > 200 ? username.substring(0, 200) : username);
                            ps.setDate(3, Date.valueOf(alert.at().atZone(zone).toLocalDate()));
                            ps.setInt(4, alert.failures());
                        }));
    }
}
