package org.communityhub.registry.resident;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
class ResidentMergeRepository implements PanacheRepositoryBase<ResidentMerge, UUID> {}
