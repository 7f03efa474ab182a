package org.communityhub.reports;

import java.time.Instant;
import java.util.List;

/**
 * One delivery of a person's data to a platform, as the person would be told of it.
 *
 * @param fields the platform's field names the record carried a value for
 * @param tags the person's tags the record disclosed
 * @param result ACCEPTED, REJECTED, FAILED, EXPORTED, or SENT while unanswered
 */
public record Disclosure(
        String adapterId,
        String definitionVersion,
        String legalBasis,
        String operation,
        int residentVersion,
        List<String> fields,
        List<String> tags,
        Instant sentAt,
        String result,
        Instant answeredAt) {}
