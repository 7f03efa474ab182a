package org.communityhub.registry.resident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.communityhub.common.history.FieldChange;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of a resident's history: who did what, when, with the old and new values. */
@Entity
@Table(name = "resident_history")
public class ResidentHistory {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "resident_id", nullable = false)
    public UUID residentId;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HistoryAction action;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<FieldChange> changes;
}
