package org.communityhub.adapter.transport;

/** What became of one record of a shipment. */
public record RecordOutcome(Result result, String message) {

    public enum Result {
        /** The platform took the record. */
        ACCEPTED,
        /** The platform refused the record; a person must look at it. */
        REJECTED,
        /** Written into an import file for the platform. */
        EXPORTED,
        /** The platform did not say; try again. */
        UNKNOWN
    }

    public static RecordOutcome accepted() {
        return new RecordOutcome(Result.ACCEPTED, null);
    }

    public static RecordOutcome rejected(String message) {
        return new RecordOutcome(Result.REJECTED, message);
    }
}
