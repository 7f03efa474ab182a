package org.communityhub.access;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;

@ApplicationScoped
class UserRepository implements PanacheRepositoryBase<User, UUID> {

    private final Jdbc jdbc;

    UserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<User> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    /**
     * What a sign-in checks and who it makes the user, read on every request (a password sent with
     * each API call, a page session looked at again): one statement, without the entity and the
     * persistence context a request would otherwise open for it.
     */
    Optional<SignInRecord> signInRecord(String username) {
        if (QuarkusTransaction.isActive()) {
            Jdbc.flushPending(getEntityManager());
        }
        return jdbc.queryOne(
                """
                select username, password_hash, roles, scope, enabled, session_generation
                  from app_user where username = ?""",
                ps -> ps.setString(1, username),
                rs -> new SignInRecord(
                        rs.getString(1),
                        rs.getString(2),
                        Jdbc.texts(rs.getArray(3)),
                        Jdbc.texts(rs.getArray(4)),
                        rs.getBoolean(5),
                        rs.getInt(6)));
    }

    /** A user as a sign-in sees them. */
    record SignInRecord(
            String username,
            String passwordHash,
            List<String> roles,
            List<String> scope,
            boolean enabled,
            int sessionGeneration) {

        /** Who the user acts as once signed in. */
        Actor actor() {
            return new Actor(username, Set.copyOf(roles), AreaScope.of(scope));
        }
    }
}
