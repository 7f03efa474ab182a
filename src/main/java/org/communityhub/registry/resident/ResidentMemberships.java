package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.FieldChange;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.party.PartyMembershipService;
import org.communityhub.registry.party.PartyMembershipView;

/**
 * A resident's party and league membership (党员、团员信息): shown, set and ended. The membership
 * rules and records are the party and league services'; what a membership does to the resident
 * is here: their political status follows it, the record gets a new version (so platforms hear of
 * it), and the history says who changed what.
 */
@ApplicationScoped
@Transactional
public class ResidentMemberships {

    private final ResidentRecords records;
    private final ResidentRepository residents;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final AccessLog accessLog;
    private final Clock clock;

    ResidentMemberships(
            ResidentRecords records,
            ResidentRepository residents,
            PartyMembershipService party,
            LeagueMembershipService league,
            AccessLog accessLog,
            Clock clock) {
        this.records = records;
        this.residents = residents;
        this.party = party;
        this.league = league;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** The party membership of a resident in the actor's area. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PartyMembershipView partyMembership(Actor actor, UUID id) {
        records.requireInScope(actor, id);
        PartyMembershipView view = party.find(id).orElseThrow(() -> ProblemException.notFound("党员信息"));
        accessLog.read(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/residents/{id}/party-membership",
                List.of(id),
                List.of("partyMembership"));
        return view;
    }

    public PartyMembershipView putPartyMembership(
            Actor actor, UUID id, PartyMembershipRequest request, ExpectedVersion expected) {
        Resident r = records.requireInScope(actor, id);
        ResidentRecords.requireActive(r);
        party.find(id).ifPresent(m -> Preconditions.requireWhenGiven(expected, m.version()));
        FieldErrors errors = new FieldErrors();
        party.check(request, r.birthDate, "", errors);
        errors.throwIfAny();
        List<FieldChange> changes = new ArrayList<>(party.put(id, request));
        changes.addAll(ResidentRecords.setPoliticalStatus(r, request.status().politicalStatus()));
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.PARTY_MEMBERSHIP_SET, changes);
        return party.find(id).orElseThrow();
    }

    public void endPartyMembership(Actor actor, UUID id) {
        Resident r = records.requireInScope(actor, id);
        List<FieldChange> changes = new ArrayList<>(party.end(id).orElseThrow(() -> ProblemException.notFound("党员信息")));
        boolean leagueMember = league.find(id, r.birthDate).isPresent();
        changes.addAll(ResidentRecords.setPoliticalStatus(
                r, leagueMember ? ResidentRecords.LEAGUE_STATUS : ResidentRecords.NO_PARTY_OR_LEAGUE));
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.PARTY_MEMBERSHIP_ENDED, changes);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LeagueMembershipView leagueMembership(Actor actor, UUID id) {
        Resident r = records.requireInScope(actor, id);
        LeagueMembershipView view = league.find(id, r.birthDate).orElseThrow(() -> ProblemException.notFound("团员信息"));
        accessLog.read(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/residents/{id}/league-membership",
                List.of(id),
                List.of("leagueMembership"));
        return view;
    }

    public LeagueMembershipView putLeagueMembership(
            Actor actor, UUID id, LeagueMembershipRequest request, ExpectedVersion expected) {
        Resident r = records.requireInScope(actor, id);
        ResidentRecords.requireActive(r);
        league.find(id, r.birthDate).ifPresent(m -> Preconditions.requireWhenGiven(expected, m.version()));
        FieldErrors errors = new FieldErrors();
        league.check(request, r.birthDate, "", errors);
        errors.throwIfAny();
        List<FieldChange> changes = new ArrayList<>(league.put(id, request));
        if (party.find(id).isEmpty()) {
            changes.addAll(ResidentRecords.setPoliticalStatus(r, ResidentRecords.LEAGUE_STATUS));
        }
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.LEAGUE_MEMBERSHIP_SET, changes);
        return league.find(id, r.birthDate).orElseThrow();
    }

    public void endLeagueMembership(Actor actor, UUID id) {
        Resident r = records.requireInScope(actor, id);
        List<FieldChange> changes =
                new ArrayList<>(league.end(id).orElseThrow(() -> ProblemException.notFound("团员信息")));
        if (party.find(id).isEmpty()) {
            changes.addAll(ResidentRecords.setPoliticalStatus(r, ResidentRecords.NO_PARTY_OR_LEAGUE));
        }
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.LEAGUE_MEMBERSHIP_ENDED, changes);
    }
}
