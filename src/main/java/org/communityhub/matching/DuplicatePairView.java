package org.communityhub.matching;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.communityhub.registry.resident.RegistrationWarning;

/** A probable pair in the review queue, each resident as far as needed to judge it (ID number masked). */
public record DuplicatePairView(
        UUID id,
        Side residentA,
        Side residentB,
        double score,
        List<RegistrationWarning.Reason> reasons,
        PairStatus status,
        String foundBy,
        Instant foundAt,
        String decidedBy,
        Instant decidedAt) {

    /** One resident of the pair. */
    public record Side(
            UUID id,
            String name,
            LocalDate birthDate,
            String sex,
            String idNumber,
            String communityCode,
            String building,
            String unit,
            String room) {}
}
