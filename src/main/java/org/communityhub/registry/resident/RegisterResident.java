package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.ids.Ids;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.party.PartyMembershipService;

/**
 * Registering one resident (登记): checked by the registry's rules, the ID number looked up, the
 * resident written with their party and league memberships and their history; then the checks
 * after registration answered as warnings. The API and the resident form both register here.
 * Not transactional as a whole: the registration is written in one transaction and the checks run
 * after it, so a check never undoes a registration.
 */
@ApplicationScoped
public class RegisterResident {

    /** A registered resident, and the warnings the checks after registration have about them. */
    public record Registered(ResidentView resident, List<RegistrationWarning> warnings) {

        /** The resident as the API answers a registration: the warnings in the view. */
        public ResidentView withWarnings() {
            return ResidentView.withWarnings(resident, warnings);
        }
    }

    /** What a caller writes with the new resident, in the registration's transaction. */
    @FunctionalInterface
    public interface AlsoWrite {
        void with(ResidentView registered);
    }

    private final ResidentRecords records;
    private final IdNumberHolders holders;
    private final ResidentRepository residents;
    private final ResidentValidator validator;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final Instance<RegistrationChecks> checks;
    private final Clock clock;

    RegisterResident(
            ResidentRecords records,
            IdNumberHolders holders,
            ResidentRepository residents,
            ResidentValidator validator,
            PartyMembershipService party,
            LeagueMembershipService league,
            Instance<RegistrationChecks> checks,
            Clock clock) {
        this.records = records;
        this.holders = holders;
        this.residents = residents;
        this.validator = validator;
        this.party = party;
        this.league = league;
        this.checks = checks;
        this.clock = clock;
    }

    /**
     * Registers a resident, with party and league memberships when given, in one transaction; then
     * runs the checks after registration (probable duplicates) outside it, so a check never undoes
     * a registration, and answers the resident with their warnings.
     */
    public Registered register(Actor actor, ResidentRequest request) {
        return register(actor, request, registered -> {});
    }

    /**
     * Registers a resident as {@link #register(Actor, ResidentRequest)} does, and writes {@code
     * also} in the same transaction (the resident form: a place in a household), so a refusal of
     * either leaves nothing behind.
     */
    public Registered register(Actor actor, ResidentRequest request, AlsoWrite also) {
        ResidentView registered = write(actor, request, also);
        List<RegistrationWarning> warnings = new ArrayList<>();
        checks.forEach(check -> warnings.addAll(check.afterRegistration(actor, registered.id())));
        return new Registered(registered, warnings);
    }

    /** The registration's transaction: the resident, their view, and what the caller writes with them. */
    @Transactional
    ResidentView write(Actor actor, ResidentRequest request, AlsoWrite also) {
        UUID id = registerReturningId(actor, request);
        ResidentView registered = records.view(actor, residents.findById(id), Reveal.NONE);
        also.with(registered);
        return registered;
    }

    /**
     * Registers a resident like {@link #register(Actor, ResidentRequest)}, without the checks after
     * registration, and returns only the new id: for callers that
     * register many (an import) and need no view of each.
     */
    @Transactional
    public UUID registerReturningId(Actor actor, ResidentRequest request) {
        ResidentData data = validator.forCreate(actor, request);
        IdNumber idNumber = data.idNumber().value();
        if (idNumber != null) {
            holders.refuseDuplicate(actor, idNumber, null, "POST /api/v1/residents");
        }
        Instant now = clock.instant();
        Resident r = new Resident();
        r.id = Ids.newId();
        r.status = ResidentStatus.ACTIVE;
        Changes changes = new Changes();
        records.apply(r, data, null, null, data.tags(), changes);
        r.created(actor.username(), now);
        residents.persist(r);
        List<FieldChange> all = new ArrayList<>(changes.list());
        if (data.partyMembership() != null) {
            all.addAll(party.put(r.id, data.partyMembership()));
        }
        if (data.leagueMembership() != null) {
            all.addAll(league.put(r.id, data.leagueMembership()));
        }
        residents.flush();
        records.record(r.id, actor, HistoryAction.REGISTERED, all);
        return r.id;
    }

    /**
     * Checks a resident request against the registry's rules without writing anything: every
     * problem, each with its field, code and Chinese message (empty when the request would be
     * accepted, apart from a clash of ID numbers, which {@link IdNumberHolders#holderOf} answers). For imports,
     * which check every row of a file before any is committed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FieldError> check(Actor actor, ResidentRequest request) {
        try {
            validator.forCreate(actor, request);
            return List.of();
        } catch (ProblemException e) {
            return e.errors();
        }
    }
}
