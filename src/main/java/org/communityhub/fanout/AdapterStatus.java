package org.communityhub.fanout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A platform as its administrator sees it.
 *
 * @param fields the allow-list: the platform's fields in its order; nothing else leaves for it
 * @param deliveries waiting work by status (PENDING, SENDING, FAILED, DEAD)
 * @param oldestWaitingSeconds age of the oldest delivery still waiting, or null when none waits
 * @param heldRecords how many residents the platform holds now
 * @param openRefusals records the platform refused that nobody has fixed yet (open tasks): while
 *     there are any, the platform is not shown as running normally
 * @param state ACTIVE, or INVALID: its definition file has problems now, and the platform runs on
 *     its last valid version (then the other fields describe that version) or, without one, not at
 *     all (then they are empty)
 * @param problems the definition file's problems, each with its line
 * @param file the definition file
 */
public record AdapterStatus(
        String id,
        String name,
        String version,
        String definitionHash,
        String legalBasis,
        String schedule,
        String transport,
        boolean configured,
        boolean paused,
        String pausedBy,
        List<String> fields,
        Map<String, Long> deliveries,
        Long oldestWaitingSeconds,
        Instant lastRunAt,
        String lastRunResult,
        long heldRecords,
        long openRefusals,
        String state,
        List<DefinitionCheck.Problem> problems,
        String file) {}
