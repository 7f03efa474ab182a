package org.communityhub.intake.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and pacing of spreadsheet imports ({@code hub.imports.*}). */
@ConfigMapping(prefix = "hub.imports")
public interface ImportSettings {

    /** Most columns a sheet may have; a file with more is refused (a hostile or broken file). */
    @WithDefault("300")
    int maxColumns();

    /** Longest cell, in characters (Excel's own limit is 32,767). */
    @WithDefault("32767")
    int maxCellChars();

    /** Most bytes all parts of an XLSX file may inflate to. */
    @WithDefault("4294967296")
    long maxInflatedBytes();

    /** Highest ratio of inflated to compressed size for a part larger than 1 MB (a zip bomb's is in the thousands). */
    @WithDefault("200")
    int maxCompressionRatio();

    /** Most parts (entries) an XLSX file may have. */
    @WithDefault("2000")
    int maxZipEntries();

    /**
     * Rows checked, or committed, per database transaction: each batch's ID numbers are looked up,
     * and its new residents written, in one statement. 5,000 rather than 2,000 made the commit of
     * 200,000 rows 12 % (CSV) to 25 % (XLSX) shorter (benchmarks/README.md, Import); three batches
     * are in the heap at a time.
     */
    @WithDefault("5000")
    int batchSize();

    /** Import jobs this hub process works on at once. */
    @WithDefault("2")
    int workers();

    /** How long a job's claim lasts without renewal before another hub process takes the job over. */
    @WithDefault("120")
    int leaseSeconds();

    /**
     * Days an upload is kept after its import ended (for the result file); an import left unfinished
     * (READY) that long is cancelled. Uploads hold personal data: they are not kept for good.
     */
    @WithDefault("7")
    int keepFilesDays();
}
