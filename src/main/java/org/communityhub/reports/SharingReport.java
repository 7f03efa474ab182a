package org.communityhub.reports;

import java.util.List;

/** What left the hub in one month, platform by platform. */
public record SharingReport(String month, List<Platform> platforms) {

    /**
     * One platform's month.
     *
     * @param persons distinct residents whose data it received
     * @param records records sent (a resident sent twice counts twice)
     * @param fields the field names sent, with the number of records that carried each
     * @param tags the tags disclosed, with the number of records
     * @param failed records that failed to arrive (and were tried again or went dead)
     */
    public record Platform(
            String adapterId,
            List<String> legalBases,
            long persons,
            long records,
            long removals,
            long accepted,
            long rejected,
            long failed,
            long exported,
            long unanswered,
            List<Count> fields,
            List<Count> tags) {}

    /** A name and how many records carried it. */
    public record Count(String name, long records) {}
}
