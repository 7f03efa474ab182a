package org.communityhub.registry.resident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.UUID;
import org.communityhub.common.database.Tracked;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A resident (居民): the one true record of a person in the registry. ID number and phone are held
 * encrypted with a blind index beside them; coded fields hold national codes.
 */
@Entity
@Table(name = "resident")
public class Resident extends Tracked {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** How the name sounds ({@link org.communityhub.reference.identity.PersonName#soundKey}), for duplicate look-up. */
    @Column(name = "name_key")
    public String nameKey;

    /** {@code id-type} code, derived from the number. */
    @Column(name = "id_type")
    public String idType;

    @Column(name = "id_number_cipher")
    public byte[] idNumberCipher;

    @Column(name = "id_number_index")
    public byte[] idNumberIndex;

    @Column(nullable = false)
    public String sex;

    @Column(name = "birth_date", nullable = false)
    public LocalDate birthDate;

    public String ethnicity;

    @Column(name = "political_status")
    public String politicalStatus;

    public String education;

    @Column(name = "marital_status")
    public String maritalStatus;

    @Column(name = "phone_cipher")
    public byte[] phoneCipher;

    @Column(name = "phone_index")
    public byte[] phoneIndex;

    @Column(name = "residence_type", nullable = false)
    public String residenceType;

    @Column(name = "community_code", nullable = false)
    public String communityCode;

    public String building;

    public String unit;

    public String room;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "relation_to_head")
    public String relationToHead;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] tags;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ResidentStatus status;

    @Column(name = "status_date")
    public LocalDate statusDate;

    @Column(name = "status_reason")
    public String statusReason;

    /** The record that survived, when this one was merged into it (status MERGED). */
    @Column(name = "merged_into")
    public UUID mergedInto;
}
