package org.communityhub.adapter.transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What became of a shipment, record by record (by record key).
 *
 * @param location where the records went, for file transports the file written (the first, when
 *     there is one a street or community)
 * @param files the files a file transport wrote, each with the records in it; empty for others
 */
public record ShipmentOutcome(Map<String, RecordOutcome> records, String location, List<WrittenFile> files) {

    public ShipmentOutcome {
        files = List.copyOf(files);
    }

    public ShipmentOutcome(Map<String, RecordOutcome> records, String location) {
        this(records, location, List.of());
    }

    /**
     * A file written for a platform.
     *
     * @param path where it is
     * @param areaCode the street (9 digits) or community (12) whose file it is; null for the
     *     platform's one file
     * @param recordKeys the records written into it
     */
    public record WrittenFile(Path path, String areaCode, List<String> recordKeys) {

        public WrittenFile {
            recordKeys = List.copyOf(recordKeys);
        }
    }
}
