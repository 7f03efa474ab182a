package org.communityhub.access;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class UserRepository implements PanacheRepositoryBase<User, UUID> {

    Optional<User> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }
}
