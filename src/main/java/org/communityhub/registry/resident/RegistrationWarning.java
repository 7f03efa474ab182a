package org.communityhub.registry.resident;

import java.util.List;
import java.util.UUID;

/**
 * Something a registration was accepted with but the worker should look at, e.g. {@code
 * probable-duplicate}: residents already registered who are probably the same person.
 */
public record RegistrationWarning(String code, String detail, List<Candidate> candidates) {

    /**
     * A resident the new one probably duplicates.
     *
     * @param id the resident already registered
     * @param pairId the pair in the duplicate queue, for the decision ("same person" / "different people")
     * @param score 0–1, higher is more probably one person
     */
    public record Candidate(UUID id, UUID pairId, double score, List<Reason> reasons) {}

    /** Why: a machine code and a Chinese explanation. */
    public record Reason(String code, String message) {}
}
