package org.communityhub.common.database;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;

/** A record that keeps its version and who created and last changed it, and when. */
@MappedSuperclass
public abstract class Tracked {

    /** Optimistic lock; exposed to clients as the ETag. */
    @Version
    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    public void created(String by, Instant at) {
        createdBy = by;
        createdAt = at;
        changed(by, at);
    }

    public void changed(String by, Instant at) {
        updatedBy = by;
        updatedAt = at;
    }
}
