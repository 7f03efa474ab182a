package org.communityhub.registry.place;

import org.mapstruct.Mapper;

/** Division entity to its API view. */
@Mapper
interface DivisionMapper {

    DivisionView toView(Division division);
}
