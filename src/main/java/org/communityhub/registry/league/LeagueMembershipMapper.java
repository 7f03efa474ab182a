package org.communityhub.registry.league;

import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/** League membership entity to its API view; whether the member is overage is decided by the service. */
@Mapper
interface LeagueMembershipMapper {

    @Mapping(target = "overage", source = "overage")
    LeagueMembershipView toView(LeagueMembership membership, boolean overage);
}
