package org.communityhub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.communityhub.testing.TestSql;

/** What the benchmarks say of the machine they ran on, at the head of each report. */
final class Machine {

    private Machine() {}

    /** The processor's model name, or "unknown" off Linux. */
    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown"; // not Linux
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The machine's memory, in whole gigabytes. */
    static long memoryGigabytes() {
        long bytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Math.round(bytes / (1024.0 * 1024 * 1024));
    }

    /** The test hub's PostgreSQL version. */
    static String postgres() throws SQLException {
        return TestSql.text("show server_version");
    }
}
