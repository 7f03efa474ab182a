package org.communityhub.registry.party;

import org.mapstruct.Mapper;

/** Party membership entity to its API view. */
@Mapper
interface PartyMembershipMapper {

    PartyMembershipView toView(PartyMembership membership);
}
