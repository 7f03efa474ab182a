package org.communityhub.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing without letting anyone lock a user out.
 *
 * <ul>
 *   <li><b>By source address</b>: a source's first {@value #FREE_FAILURES} failures within {@link
 *       #WINDOW} cost nothing; after them it must wait before its next try, {@link #FIRST_DELAY}
 *       at first and twice as long after each further failure, up to {@link #MAX_DELAY}. A try before
 *       its time is refused at once, before any password is hashed or any user looked up, so a
 *       flood of guesses (at random usernames too) costs the hub almost nothing and slows nobody
 *       else down.
 *   <li><b>By username</b>: after {@value #USERNAME_FAILURES} failures for one username within the
 *       window (from any sources), the username is closed to every source that has failed recently,
 *       but not to a source without recent failures: the user at their own desk still signs in with
 *       the right password while somebody elsewhere keeps guessing.
 *   <li><b>Bursts</b>: a username reaching {@value #USERNAME_FAILURES} failures, or the hub
 *       {@value #BURST_FAILURES} failures within {@link #BURST_WINDOW}, is reported once per window
 *       as an alert.
 * </ul>
 *
 * Kept per hub process (a guesser spread over replicas gets as many tries as there are replicas).
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(5);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration WINDOW = Duration.ofHours(1);
    static final int USERNAME_FAILURES = 10;
    static final int BURST_FAILURES = 100;
    static final Duration BURST_WINDOW = Duration.ofMinutes(5);
    private static final int MAX_TRACKED = 10_000;

    /** Why a try is refused without looking at its password. */
    enum Refusal {
        /** The source has failed too often lately and must wait. */
        SOURCE_WAITING,
        /** The username has failed too often lately, and so has this source. */
        USERNAME_CLOSED
    }

    /** A burst of failures to alert on: for one username, or for the whole hub ({@code username} null). */
    record Burst(String username, int failures, int sources) {}

    private final Clock clock;
    private final Map<String, Deque<Instant>> bySource = tracked();
    private final Map<String, Deque<Instant>> byUsername = tracked();
    private final Map<String, Map<String, Boolean>> sourcesByUsername = new LinkedHashMap<>();
    private final Map<String, Instant> usernameAlerted = tracked();
    private final Deque<Instant> all = new ArrayDeque<>();
    private Instant burstAlerted = Instant.MIN;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Whether a try from {@code source} for {@code username} is refused before its password is checked. */
    synchronized Optional<Refusal> refusal(String source, String username) {
        Instant now = clock.instant();
        Deque<Instant> fromSource = recent(bySource, source, now);
        if (fromSource.size() >= FREE_FAILURES
                && now.isBefore(fromSource.peekLast().plus(delay(fromSource.size())))) {
            return Optional.of(Refusal.SOURCE_WAITING);
        }
        if (!fromSource.isEmpty() && recent(byUsername, username, now).size() >= USERNAME_FAILURES) {
            return Optional.of(Refusal.USERNAME_CLOSED);
        }
        return Optional.empty();
    }

    /** Records a failed try; returns the bursts it completes, each reported once per window. */
    synchronized java.util.List<Burst> failed(String source, String username) {
        Instant now = clock.instant();
        recent(bySource, source, now).addLast(now);
        Deque<Instant> forUsername = recent(byUsername, username, now);
        forUsername.addLast(now);
        Map<String, Boolean> sources = sourcesByUsername.computeIfAbsent(username, u -> new LinkedHashMap<>());
        sources.put(source, true);
        if (sourcesByUsername.size() > MAX_TRACKED) {
            sourcesByUsername.remove(sourcesByUsername.keySet().iterator().next());
        }
        all.addLast(now);
        prune(all, now.minus(BURST_WINDOW));
        java.util.List<Burst> bursts = new java.util.ArrayList<>(2);
        if (forUsername.size() >= USERNAME_FAILURES) {
            Instant alerted = usernameAlerted.get(username);
            if (alerted == null || alerted.isBefore(now.minus(WINDOW))) {
                usernameAlerted.put(username, now);
                bursts.add(new Burst(username, forUsername.size(), sources.size()));
            }
        }
        if (all.size() >= BURST_FAILURES && burstAlerted.isBefore(now.minus(BURST_WINDOW))) {
            burstAlerted = now;
            bursts.add(new Burst(null, all.size(), bySource.size()));
        }
        return bursts;
    }

    /** A correct password: the source starts afresh, and so does the username. */
    synchronized void succeeded(String source, String username) {
        bySource.remove(source);
        byUsername.remove(username);
        sourcesByUsername.remove(username);
    }

    /** How long a source with {@code failures} recent failures waits after its last one. */
    static Duration delay(int failures) {
        if (failures < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - FREE_FAILURES, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private static Deque<Instant> recent(Map<String, Deque<Instant>> map, String key, Instant now) {
        Deque<Instant> recent = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(recent, now.minus(WINDOW));
        return recent;
    }

    private static void prune(Deque<Instant> recent, Instant cutoff) {
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.removeFirst();
        }
    }

    private static <V> Map<String, V> tracked() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }
}
