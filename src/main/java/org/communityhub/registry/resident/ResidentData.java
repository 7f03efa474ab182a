package org.communityhub.registry.resident;

import java.time.LocalDate;
import java.util.List;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.place.Address;

/** A resident request that passed every rule, with values normalised. */
record ResidentData(
        String name,
        Replacement<IdNumber> idNumber,
        String sex,
        LocalDate birthDate,
        String ethnicity,
        String politicalStatus,
        String education,
        String maritalStatus,
        Replacement<String> phone,
        String residenceType,
        Address address,
        List<String> tags,
        PartyMembershipRequest partyMembership,
        LeagueMembershipRequest leagueMembership) {}
