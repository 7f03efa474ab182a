package org.communityhub.registry.party;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A resident's membership of the Communist Party of China (党员). */
@Entity
@Table(name = "party_membership")
public class PartyMembership {

    @Id
    @Column(name = "resident_id")
    public UUID residentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PartyMemberStatus status;

    /** 入党日期 */
    @Column(name = "joined_on")
    public LocalDate joinedOn;

    /** 转正日期 */
    @Column(name = "full_member_on")
    public LocalDate fullMemberOn;

    /** 所在党支部 */
    public String branch;

    /** {@code party-category} code */
    public String category;

    /** 在职党员到社区报到 */
    @Column(name = "reported_to_community", nullable = false)
    public boolean reportedToCommunity;

    /** 失联党员 */
    @Column(name = "lost_contact", nullable = false)
    public boolean lostContact;

    @Version
    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
