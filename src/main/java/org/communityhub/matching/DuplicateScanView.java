package org.communityhub.matching;

import java.time.Instant;
import java.util.UUID;

/**
 * A duplicate scan: QUEUED, RUNNING, DONE or FAILED, with what it did.
 *
 * @param residentsRead residents on the register in the scope
 * @param blocks groups of residents sharing a name key, the only ones compared with each other
 * @param comparisons pairs compared
 * @param pairsFound probable pairs found (decided ones not counted)
 * @param pairsNew of those, pairs not in the queue before
 */
public record DuplicateScanView(
        UUID id,
        String scope,
        String state,
        String requestedBy,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        int residentsRead,
        int blocks,
        long comparisons,
        int pairsFound,
        int pairsNew,
        String failure) {}
