package org.communityhub.adapter.transport;

import java.nio.file.Path;
import org.communityhub.common.database.DataDirectory;

/** The folder a file platform's files are written into: {@code HUB_DATA_DIR/exports/<adapter-id>/}. */
public final class ExportDirectory {

    private ExportDirectory() {}

    public static Path of(DataDirectory data, String adapterId) {
        return data.path().resolve("exports").resolve(adapterId);
    }
}
