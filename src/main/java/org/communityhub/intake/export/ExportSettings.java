package org.communityhub.intake.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of template export ({@code hub.export.*}). */
@ConfigMapping(prefix = "hub.export")
public interface ExportSettings {

    /**
     * The most rows one export may have; a larger selection is refused and must be narrowed. A
     * community has a few thousand residents and a street some tens of thousands: 100,000 covers a
     * street, while bounding one download, its access-log entry (every resident's id) and the work.
     */
    @WithDefault("100000")
    int maxRows();
}
