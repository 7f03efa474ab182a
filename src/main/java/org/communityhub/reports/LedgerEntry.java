package org.communityhub.reports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One record of the sharing ledger with the platform's answer (residents by id only). */
public record LedgerEntry(
        long id,
        long shipmentId,
        String adapterId,
        String definitionVersion,
        String definitionHash,
        String legalBasis,
        UUID residentId,
        int residentVersion,
        String operation,
        List<String> fields,
        List<String> tags,
        String payloadHash,
        String requestKey,
        Instant sentAt,
        String result,
        String message,
        Instant answeredAt) {}
