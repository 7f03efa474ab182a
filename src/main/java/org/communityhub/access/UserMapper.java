package org.communityhub.access;

import org.mapstruct.Mapper;

@Mapper
interface UserMapper {

    UserView toView(User user);
}
