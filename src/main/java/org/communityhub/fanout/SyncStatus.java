package org.communityhub.fanout;

import java.time.Instant;

/**
 * Where one resident stands with one platform.
 *
 * @param status SYNCED (the platform has the current version, or knows of the removal), PENDING
 *     (queued or on its way), FAILED (trying again), DEAD (gave up; an administrator can replay),
 *     REJECTED (the platform refused it: see the task), NOT_CONFIGURED
 * @param held whether the platform holds the resident's record now
 * @param deliveredAt when the platform last accepted the resident's record; null if it never did
 * @param rejectionMessage the platform's words, while its refusal stands (status REJECTED)
 * @param rejectedAt when the platform refused, while its refusal stands
 * @param scheduled whether the platform takes its records on a schedule (a file written at set
 *     times): then {@code nextAttemptAt} of a waiting record is the platform's next scheduled run
 */
public record SyncStatus(
        String adapterId,
        String adapterName,
        String status,
        int currentVersion,
        Integer deliveredVersion,
        Instant deliveredAt,
        boolean held,
        String lastError,
        Instant nextAttemptAt,
        String rejectionMessage,
        Instant rejectedAt,
        boolean scheduled) {}
