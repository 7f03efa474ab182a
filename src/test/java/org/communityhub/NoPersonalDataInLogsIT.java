package org.communityhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.communityhub.reference.identity.Masking;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.IdentifiersInText;
import org.communityhub.testing.Phones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs of a whole test run hold no ID number and no phone. Runs after every other test of
 * {@code ./mvnw verify} (the one test Failsafe runs, after Surefire has run all the others) and reads
 * what the build wrote under target/: the hub's log in the tests ({@code quarkus-test.log}), the
 * output the test reports captured, and the output of every packaged hub the tests started.
 */
class NoPersonalDataInLogsIT {

    private static final Path TARGET = Path.of("target");

    @Test
    void theScanFindsIdNumbersAndPhonesPlantedInALogAndShowsThemMasked(@TempDir Path dir) throws Exception {
        String idNumber = IdNumbers.any();
        String phone = Phones.any();
        Path planted = dir.resolve("planted.log");
        Files.writeString(planted, "2026-01-01 INFO started\n2026-01-01 INFO 登记 " + idNumber + "，电话" + phone + ".\n");

        List<IdentifiersInText.Finding> findings = IdentifiersInText.scan(planted);

        assertThat(findings)
                .extracting(IdentifiersInText.Finding::line, IdentifiersInText.Finding::masked)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, Masking.maskIdNumber(idNumber)),
                        org.assertj.core.groups.Tuple.tuple(2, Masking.maskPhone(phone)));
        assertThat(findings.toString()).doesNotContain(idNumber).doesNotContain(phone);

        // Not identifiers: masked ones, a wrong check character, numbers inside longer ones or words.
        char wrong = idNumber.charAt(17) == '1' ? '2' : '1';
        Path clean = dir.resolve("clean.log");
        Files.writeString(
                clean,
                String.join(
                        "\n",
                        Masking.maskIdNumber(idNumber) + " " + Masking.maskPhone(phone),
                        idNumber.substring(0, 17) + wrong,
                        "9" + idNumber + " " + phone + "0 12" + phone + " id" + idNumber,
                        "12345678901 " + "2" + phone.substring(1),
                        // A property test's random seed whose last digit happens to fit as a check character.
                        "seed = -885188825667916870    | random seed to reproduce generated values"));
        assertThat(IdentifiersInText.scan(clean)).isEmpty();
    }

    @Test
    void theLogsOfThisBuildHoldNoIdNumberOrPhone() throws Exception {
        List<Path> logs = logsOfThisBuild();
        assertThat(logs).as("logs under target/ to read").isNotEmpty();

        List<IdentifiersInText.Finding> findings = new ArrayList<>();
        for (Path log : logs) {
            findings.addAll(IdentifiersInText.scan(log));
        }

        assertThat(findings)
                .as("ID numbers or phones in the logs of %d files (%s), shown masked", logs.size(), summary(logs))
                .isEmpty();
        System.out.printf(
                "Read %d log files of this build (%s): no ID number or phone in them%n", logs.size(), summary(logs));
    }

    /**
     * The hub's test log, the surefire and failsafe reports (with the output they captured), and
     * the packaged hubs' output; only files this build wrote (an earlier build's stay in target/
     * until a clean).
     */
    private static List<Path> logsOfThisBuild() throws IOException {
        Instant started = buildStarted();
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(TARGET)) {
            files.filter(f -> f.getFileName().toString().startsWith("quarkus-test.log"))
                    .forEach(logs::add);
        }
        for (Path dir :
                List.of(TARGET.resolve("surefire-reports"), TARGET.resolve("failsafe-reports"), HubProcess.LOGS)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> f.toString().endsWith(".txt")
                                    || f.toString().endsWith(".xml")
                                    || f.toString().endsWith(".log"))
                            .forEach(logs::add);
                }
            }
        }
        List<Path> recent = new ArrayList<>();
        for (Path log : logs) {
            if (started == null || Files.getLastModifiedTime(log).toInstant().isAfter(started)) {
                recent.add(log);
            }
        }
        return recent;
    }

    /** When this build started (less a minute), or null outside Maven: then every file counts. */
    private static Instant buildStarted() {
        String started = System.getProperty("hub.build.started");
        if (started == null || started.isBlank() || started.startsWith("$")) {
            return null;
        }
        return Instant.parse(started).minus(Duration.ofMinutes(1));
    }

    private static String summary(List<Path> logs) {
        return logs.stream()
                .map(p -> p.getParent().getFileName().toString())
                .collect(Collectors.groupingBy(d -> d, Collectors.counting()))
                .toString();
    }
}
