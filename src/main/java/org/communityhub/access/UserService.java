package org.communityhub.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.communityhub.common.database.AdvisoryLocks;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.common.text.Text;
import org.jboss.logging.Logger;

/** Built-in users: sign-in, and their administration by the {@code admin} role. */
@ApplicationScoped
@Transactional
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    /**
     * A password verified recently, remembered so that API clients sending HTTP Basic on every
     * request do not pay the slow hash each time. Keyed to the stored hash: a password change
     * invalidates it.
     */
    private record Verified(String storedHash, byte[] credentialDigest, Instant until) {}

    private static final Duration VERIFIED_FOR = Duration.ofMinutes(10);

    private final UserRepository users;
    private final UserMapper mapper;
    private final KnownDivisions divisions;
    private final Jdbc jdbc;
    private final Clock clock;
    private final LoginThrottle throttle;
    private final Event<SignInAlert> signInAlerts;
    private final SessionSettings sessions;
    private final PasswordSettings passwords;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec cacheKey;
    private volatile String dummyHash;

    UserService(
            UserRepository users,
            UserMapper mapper,
            KnownDivisions divisions,
            Jdbc jdbc,
            Clock clock,
            Event<SignInAlert> signInAlerts,
            SessionSettings sessions,
            PasswordSettings passwords) {
        this.sessions = sessions;
        this.passwords = passwords;
        this.signInAlerts = signInAlerts;
        this.users = users;
        this.mapper = mapper;
        this.divisions = divisions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.throttle = new LoginThrottle(clock);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The actor for a username and password, or empty when they do not match an enabled user. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Actor> authenticate(String username, String password) {
        return authenticate(username, password, null);
    }

    /**
     * The actor for a username and password tried from {@code source} (the client's address; null
     * when unknown), or empty when they do not match an enabled user or the try is refused by the
     * {@link LoginThrottle} before its password is looked at. It only reads (an alert of many
     * failures is written on its own), so it begins no transaction of its own: it runs on every
     * request that carries a password.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Actor> authenticate(String username, String password, String source) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        String from = source == null ? "unknown" : source;
        Optional<LoginThrottle.Refusal> refusal = throttle.refusal(from, username);
        if (refusal.isPresent()) {
            LOG.warnf(
                    "Sign-in refused for user %s from %s: %s",
                    Text.forLog(username),
                    Text.forLog(from),
                    refusal.get() == LoginThrottle.Refusal.SOURCE_WAITING
                            ? "too many failed attempts from this address, waiting"
                            : "too many failed attempts for this user, also from this address");
            return Optional.empty();
        }
        if (Text.problemInLine(username).isPresent()) {
            // Never a username (UserRules); a NUL would not even reach the database.
            failed(from, username);
            return Optional.empty();
        }
        Optional<UserRepository.SignInRecord> found =
                users.signInRecord(username).filter(UserRepository.SignInRecord::enabled);
        if (found.isEmpty()) {
            PasswordHasher.matches(password, dummyHash()); // take as long as a real check
            failed(from, username);
            return Optional.empty();
        }
        UserRepository.SignInRecord user = found.get();
        byte[] digest = credentialDigest(username, password);
        Verified known = verified.get(username);
        boolean ok = known != null
                        && known.storedHash().equals(user.passwordHash())
                        && known.until().isAfter(clock.instant())
                        && MessageDigest.isEqual(known.credentialDigest(), digest)
                || PasswordHasher.matches(password, user.passwordHash());
        if (!ok) {
            failed(from, username);
            return Optional.empty();
        }
        throttle.succeeded(from, username);
        verified.put(
                username,
                new Verified(user.passwordHash(), digest, clock.instant().plus(VERIFIED_FOR)));
        return Optional.of(user.actor());
    }

    /** Records a failed sign-in: one log line, and an alert when it completes a burst. */
    private void failed(String source, String username) {
        LOG.infof("Sign-in failed for user %s from %s", Text.forLog(username), Text.forLog(source));
        for (LoginThrottle.Burst burst : throttle.failed(source, username)) {
            LOG.warnf(
                    "Many failed sign-ins: %d %s from %d address(es)",
                    burst.failures(),
                    burst.username() == null ? "for all users" : "for user " + Text.forLog(burst.username()),
                    burst.sources());
            signInAlerts.fire(new SignInAlert(burst.username(), burst.failures(), burst.sources(), clock.instant()));
        }
    }

    /**
     * The actor behind a page session, looked up again on every request so that a user disabled or
     * given other roles since signing in is treated as they are now; empty when the user is disabled
     * or gone, when the session's generation is not the user's (it was ended), or when the session
     * began longer ago than its absolute lifetime.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Actor> signedIn(String username, SessionTickets.Ticket ticket) {
        if (ticket == null
                || !ticket.username().equals(username)
                || !clock.instant().isBefore(ticket.signedInAt().plus(sessions.absoluteLifetime()))) {
            return Optional.empty();
        }
        return users.signInRecord(username)
                .filter(u -> u.enabled() && u.sessionGeneration() == ticket.generation())
                .map(UserRepository.SignInRecord::actor);
    }

    /**
     * The actor behind a page session begun through the OIDC server: the roles and area its token
     * gave, kept in the ticket; empty when the session began longer ago than its absolute lifetime.
     * Only token usernames ({@code oidc:…}) qualify, so such a ticket never stands for a built-in user.
     */
    public Optional<Actor> signedInWithToken(String username, SessionTickets.Ticket ticket) {
        if (ticket == null
                || !TokenIdentityAugmentor.isTokenUser(username)
                || !ticket.username().equals(username)
                || !clock.instant().isBefore(ticket.signedInAt().plus(sessions.absoluteLifetime()))
                || tokenSessionGeneration(username)
                        .filter(g -> g == ticket.generation())
                        .isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Actor(username, ticket.roles(), ticket.scope()));
    }

    /**
     * Begins a page session of a user signed in through the OIDC server and answers its
     * generation: the same as the user's other sessions while their roles and area stay what they
     * were, one higher (ending those sessions) when this sign-in brings others.
     */
    @Transactional
    public int beginTokenSession(String username, Set<String> roles, AreaScope scope) {
        String grants = String.join(",", new TreeSet<>(roles)) + "|" + String.join(",", new TreeSet<>(scope.codes()));
        return jdbc.queryOne(
                        """
                        insert into token_session (username, generation, grants, updated_at) values (?, 0, ?, ?)
                        on conflict (username) do update
                           set generation = token_session.generation
                                   + case when token_session.grants = excluded.grants then 0 else 1 end,
                               grants = excluded.grants,
                               updated_at = excluded.updated_at
                        returning generation
                        """,
                        ps -> {
                            ps.setString(1, username);
                            ps.setString(2, grants);
                            ps.setTimestamp(3, Timestamp.from(clock.instant()));
                        },
                        rs -> rs.getInt(1))
                .orElseThrow();
    }

    /** Ends every page session of a user signed in through the OIDC server, on every replica. */
    @Transactional
    public void endTokenSessions(String username) {
        jdbc.update("update token_session set generation = generation + 1, updated_at = ? where username = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, username);
        });
    }

    private Optional<Integer> tokenSessionGeneration(String username) {
        return jdbc.queryOne(
                "select generation from token_session where username = ?",
                ps -> ps.setString(1, username),
                rs -> rs.getInt(1));
    }

    /** The session generation of a user who has just signed in (0 when the user is gone). */
    int sessionGeneration(String username) {
        return users.signInRecord(username)
                .map(UserRepository.SignInRecord::sessionGeneration)
                .orElse(0);
    }

    /** Ends every page session of the user, on every replica, from their next request on. */
    public void endSessions(String username) {
        users.update("sessionGeneration = sessionGeneration + 1 where username = ?1", username);
    }

    public UserView create(Actor actor, NewUser request) {
        checkScopeExists(request.scope());
        if (users.findByUsername(request.username()).isPresent()) {
            throw ProblemException.conflict("duplicate-username", "该用户名已被使用。");
        }
        User user = new User();
        user.id = Ids.newId();
        user.username = request.username();
        user.displayName = request.displayName();
        user.passwordHash = PasswordHasher.hash(request.password(), passwords.iterations());
        user.roles = distinct(request.roles());
        user.scope = distinct(request.scope());
        user.enabled = true;
        user.created(actor.username(), clock.instant());
        users.persist(user);
        users.flush();
        LOG.infof("User %s created by %s with roles %s", user.username, actor.username(), request.roles());
        return mapper.toView(user);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<UserView> list(PageRequest page) {
        var query = users.findAll(io.quarkus.panache.common.Sort.by("username"));
        List<UserView> items = query.page(page.page(), page.size()).list().stream()
                .map(mapper::toView)
                .toList();
        return new Page<>(items, query.count(), page.page(), page.size());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public UserView get(String username) {
        return mapper.toView(require(username));
    }

    public UserView update(Actor actor, String username, UserChange change, ExpectedVersion expected) {
        User user = require(username);
        Preconditions.require(expected, user.version);
        checkScopeExists(change.scope());
        boolean staysAdmin = change.enabled() && change.roles().contains(Roles.ADMIN);
        if (isEnabledAdmin(user) && !staysAdmin && otherEnabledAdmins(user) == 0) {
            throw ProblemException.conflict("last-admin", "这是唯一启用的管理员，不能停用或去掉其管理员角色。");
        }
        String[] roles = distinct(change.roles());
        String[] scope = distinct(change.scope());
        if (!Arrays.equals(roles, user.roles)
                || !Arrays.equals(scope, user.scope)
                || user.enabled != change.enabled()) {
            user.sessionGeneration++; // what the user may do changed: they sign in again
        }
        user.displayName = change.displayName();
        user.roles = roles;
        user.scope = scope;
        user.enabled = change.enabled();
        user.changed(actor.username(), clock.instant());
        users.flush();
        verified.remove(username);
        LOG.infof(
                "User %s changed by %s: roles %s, enabled %s",
                username, actor.username(), change.roles(), change.enabled());
        return mapper.toView(user);
    }

    /** Admins reset anyone's password; everybody else changes only their own, knowing the current one. */
    public void changePassword(Actor actor, String username, PasswordChange change) {
        boolean own = actor.username().equals(username);
        if (!own && !actor.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("forbidden", "只能修改自己的密码。");
        }
        User user = require(username);
        if (own && !actor.hasRole(Roles.ADMIN)) {
            if (change.currentPassword() == null
                    || !PasswordHasher.matches(change.currentPassword(), user.passwordHash)) {
                throw ProblemException.invalid("currentPassword", "wrong-password", "当前密码不正确。");
            }
        }
        FieldErrors errors = new FieldErrors();
        UserRules.checkPassword(change.password(), username, "password", errors);
        errors.throwIfAny();
        user.passwordHash = PasswordHasher.hash(change.password(), passwords.iterations());
        user.sessionGeneration++; // a new password ends every session, a copied cookie's too
        user.changed(actor.username(), clock.instant());
        verified.remove(username);
        LOG.infof("Password of user %s set by %s", username, actor.username());
    }

    /**
     * Creates the first admin on an empty hub. Returns true when it did. Several replicas starting
     * together take turns, so exactly one admin is created.
     */
    public boolean createFirstAdmin(String password) {
        jdbc.lockForTransaction(AdvisoryLocks.BOOTSTRAP_USERS);
        if (users.count() > 0) {
            return false;
        }
        create(Actor.system("bootstrap"), new NewUser("admin", "系统管理员", password, List.of(Roles.ADMIN), List.of("*")));
        return true;
    }

    /** Creates a user unless one of that name exists; for demo and bootstrap data. */
    public boolean createIfAbsent(Actor actor, NewUser request) {
        if (users.findByUsername(request.username()).isPresent()) {
            return false;
        }
        create(actor, request);
        return true;
    }

    private User require(String username) {
        return users.findByUsername(username).orElseThrow(() -> ProblemException.notFound("用户"));
    }

    private void checkScopeExists(List<String> scope) {
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < scope.size(); i++) {
            String code = scope.get(i);
            if (!AreaScope.EVERYWHERE.equals(code) && !divisions.exists(code)) {
                errors.add("scope[" + i + "]", "unknown-division", "没有这个行政区划。");
            }
        }
        errors.throwIfAny();
    }

    private static boolean isEnabledAdmin(User user) {
        return user.enabled && Arrays.asList(user.roles).contains(Roles.ADMIN);
    }

    private long otherEnabledAdmins(User user) {
        return users.list("enabled = true and id <> ?1", user.id).stream()
                .filter(UserService::isEnabledAdmin)
                .count();
    }

    private static String[] distinct(List<String> values) {
        return values.stream().distinct().toArray(String[]::new);
    }

    private byte[] credentialDigest(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = PasswordHasher.hash("not-a-real-password-" + System.nanoTime(), passwords.iterations());
            dummyHash = hash;
        }
        return hash;
    }
}
