package org.communityhub.registry.league;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

/** A resident's membership of the Communist Youth League (团员). */
@Entity
@Table(name = "league_membership")
public class LeagueMembership {

    /**
     * Members who have turned 28 and hold no post in the League leave it (团章 第一章第七条: 年满二十八周岁
     * 的团员，如果没有在团内担任职务，应办理离团手续).
     */
    public static final int LEAVING_AGE = 28;

    @Id
    @Column(name = "resident_id")
    public UUID residentId;

    /** 入团日期 */
    @Column(name = "joined_on")
    public LocalDate joinedOn;

    /** 发展团员编号 */
    @Column(name = "development_number")
    public String developmentNumber;

    /** 所在团支部 */
    public String branch;

    /** 团内职务 */
    public String post;

    @Version
    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** 超龄: past the leaving age without a post, so due to leave the League. */
    public static boolean isOverage(LocalDate birthDate, String post, LocalDate today) {
        return Period.between(birthDate, today).getYears() >= LEAVING_AGE && (post == null || post.isBlank());
    }
}
