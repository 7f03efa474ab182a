package org.communityhub.fanout;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A file written for a file platform, as whoever uploads it to the platform sees it.
 *
 * @param name the file's name
 * @param areaCode the street or community whose file it is; null for the platform's one file
 * @param areaName that area's name
 * @param records the records in it
 * @param isNew no one has downloaded it since it was written
 * @param available the file is still on the server
 */
@Schema(name = "PlatformFile")
public record PlatformFile(
        long id,
        String adapterId,
        String name,
        String areaCode,
        String areaName,
        Instant writtenAt,
        int records,
        long sizeBytes,
        int downloads,
        Instant lastDownloadedAt,
        String lastDownloadedBy,
        boolean isNew,
        boolean available) {}
