package org.communityhub.registry.resident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A merge of two records of one person, kept so that it can be undone. */
@Entity
@Table(name = "resident_merge")
public class ResidentMerge {

    @Id
    public UUID id;

    @Column(name = "survivor_id", nullable = false)
    public UUID survivorId;

    @Column(name = "merged_id", nullable = false)
    public UUID mergedId;

    @Column(name = "merged_at", nullable = false)
    public Instant mergedAt;

    @Column(name = "merged_by", nullable = false)
    public String mergedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, MergeSide> choices;

    /** The survivor's version the merge wrote: undo is safe only while it is current. */
    @Column(name = "survivor_version", nullable = false)
    public int survivorVersion;

    @Column(name = "merged_version", nullable = false)
    public int mergedVersion;

    /** Both records before the merge ({@link ResidentState} pairs as JSON), encrypted. */
    @Column(name = "states_cipher", nullable = false)
    public byte[] statesCipher;

    @Column(name = "undone_at")
    public Instant undoneAt;

    @Column(name = "undone_by")
    public String undoneBy;

    @Version
    @Column(nullable = false)
    public int version;
}
