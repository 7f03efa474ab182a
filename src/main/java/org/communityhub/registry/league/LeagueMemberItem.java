package org.communityhub.registry.league;

import java.time.LocalDate;
import java.util.UUID;

/** A line of the league member list (团员名册); {@code overage} marks 超龄 members. * {@code idNumber} is always masked.
 */
public record LeagueMemberItem(
        UUID residentId,
        String name,
        String idNumber,
        String sex,
        LocalDate birthDate,
        int age,
        String communityCode,
        String building,
        String unit,
        String room,
        LocalDate joinedOn,
        String developmentNumber,
        String branch,
        String post,
        boolean overage) {}
