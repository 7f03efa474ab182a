package org.communityhub.registry.resident;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
class ResidentHistoryRepository implements PanacheRepositoryBase<ResidentHistory, Long> {

    List<ResidentHistory> newestFirst(UUID residentId, int page, int size) {
        return find("residentId", Sort.descending("id"), residentId)
                .page(Page.of(page, size))
                .list();
    }

    long countFor(UUID residentId) {
        return count("residentId", residentId);
    }
}
