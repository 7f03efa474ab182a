package org.communityhub.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes a {@link ProcessLevelTest} starts (packaged hubs, Keycloak, LibreOffice) run at a
 * lower CPU priority than the in-JVM tests beside them (nice 10): those are the longer line of the
 * run and keep it going at their own pace, while the processes take the CPU they leave idle. Where
 * there is no {@code nice}, the command is left as it is.
 */
public final class BesideTheTests {

    private static final Path NICE = Path.of("/usr/bin/nice");

    private BesideTheTests() {}

    /** {@code command}, run at the lower priority. */
    public static List<String> lowered(List<String> command) {
        if (!Files.isExecutable(NICE)) {
            return command;
        }
        List<String> lowered = new ArrayList<>(List.of(NICE.toString(), "-n", "10"));
        lowered.addAll(command);
        return lowered;
    }
}
