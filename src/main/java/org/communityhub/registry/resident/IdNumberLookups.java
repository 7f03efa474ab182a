package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.PrivacySettings;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ProblemException;

/**
 * Registering or importing an ID number tells the caller whether somebody holds it. Inside the
 * caller's area that is their own registry; outside it, the answer is personal data of another
 * area's resident: it says no more than "registered elsewhere, ask the street", it is written to
 * the access log naming the holder (so that area's auditors see it), and each user may get at most
 * {@code hub.privacy.lookups-elsewhere-per-day} such answers a day. Beyond that every look-up of
 * theirs is refused, found or not, so the refusal itself tells nothing.
 */
@ApplicationScoped
public class IdNumberLookups {

    private final AccessLog accessLog;
    private final PrivacySettings settings;
    private final Clock clock;

    IdNumberLookups(AccessLog accessLog, PrivacySettings settings, Clock clock) {
        this.accessLog = accessLog;
        this.settings = settings;
        this.clock = clock;
    }

    /** Refuses (429) a look-up by a user whose answers about other areas are used up for today. */
    public void checkBudget(Actor actor) {
        Instant dayStart = LocalDate.now(clock).atStartOfDay(clock.getZone()).toInstant();
        if (accessLog.residentsLookedUpSince(actor.username(), dayStart) >= settings.lookupsElsewherePerDay()) {
            throw new ProblemException(
                    429,
                    "lookups-exhausted",
                    "Too Many Requests",
                    "今天查到的登记在管辖范围以外的证件号码已达上限，今天不能再按证件号码登记或导入。" + "如确需办理，请与街道联系。");
        }
    }

    /** Records that a look-up found these residents outside the actor's area. */
    public void foundElsewhere(Actor actor, Collection<UUID> holders, String resource) {
        if (!holders.isEmpty()) {
            accessLog.read(actor, AccessLog.Action.LOOKUP, resource, List.copyOf(holders), List.of("idNumber"));
        }
    }

    /** The refusal of an ID number registered outside the caller's area: no id, whom to ask. */
    static ProblemException registeredElsewhere() {
        return ProblemException.conflict(
                "id-number-registered-elsewhere", "该证件号码已在本区其他社区登记。请与街道核实（如迁入，应由原社区办理迁出后再登记）。");
    }
}
