package org.communityhub.access.pii;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The personal-data keys as the admin API shows them: fingerprints only, never a key.
 *
 * @param currentKey fingerprint of the key everything is written with
 * @param previousKeys fingerprints of the keys still read with
 * @param rowsUnderOldKeys per table, rows holding a value not yet under the current key; when all
 *     are 0 the previous keys are no longer needed by the database
 * @param rotationRunning whether a rotation runs now, in this or another hub process
 * @param lastRun the latest rotation run of this hub process, if any
 */
public record PiiKeyStatus(
        String currentKey,
        List<String> previousKeys,
        Map<String, Long> rowsUnderOldKeys,
        boolean rotationRunning,
        LastRun lastRun) {

    /**
     * A rotation run of this hub process.
     *
     * @param outcome RUNNING, FINISHED, INTERRUPTED (stopped before the end; a new run continues),
     *     RUNNING_ELSEWHERE (another hub process holds the rotation), or FAILED
     * @param error why it failed (no personal data)
     */
    public record LastRun(
            Instant startedAt,
            Instant finishedAt,
            long rowsReEncrypted,

            @Schema(enumeration = {"RUNNING", "FINISHED", "INTERRUPTED", "RUNNING_ELSEWHERE", "FAILED"})
            String outcome,

            String error) {}
}
