package org.communityhub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communityhub.common.net.LocalPorts;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.ProcessLevelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start refused for a bad setting: one sentence, exit code 2, and the embedded database stopped. */
@ProcessLevelTest
class BootstrapRefusalIT {

    @Test
    void anUnacceptableAdminPasswordIsOneSentenceAndStopsTheDatabase(@TempDir Path data) throws Exception {
        Path log = HubProcess.logFile("refused-bootstrap");
        Process hub = HubProcess.launch(data, LocalPorts.free(), Map.of("HUB_BOOTSTRAP_ADMIN_PASSWORD", "short"), log);

        assertThat(hub.waitFor(3, TimeUnit.MINUTES)).as("the hub gives up").isTrue();
        assertThat(hub.exitValue()).isEqualTo(2);
        String output = Files.readString(log);
        assertThat(output)
                .contains("一表通 cannot start: HUB_BOOTSTRAP_ADMIN_PASSWORD is not acceptable")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        // The PostgreSQL it started is gone with it: no server left holding the data directory.
        try (var files = Files.walk(data)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("postmaster.pid")))
                    .isEmpty();
        }
    }
}
