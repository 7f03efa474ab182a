package org.communityhub.adapter.transport;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.adapter.definition.TransportSettings;
import org.communityhub.common.database.DataDirectory;

/**
 * Where import files for platforms go: {@code HUB_DATA_DIR/exports/<adapter-id>/}, named by the
 * definition's {@code fileName} pattern ({@code {adapter}}, {@code {date}}, {@code {time}}, {@code
 * {batch}}). A file is written under a temporary name and moved into place whole, so nobody ever
 * picks up half a file.
 */
final class FileExports {

    interface Writer {
        void write(Path file) throws IOException;
    }

    private FileExports() {}

    static List<TransportSettings.Problem> checkFileName(TransportSettings settings, String extension) {
        List<TransportSettings.Problem> problems = new ArrayList<>();
        settings.text("fileName").ifPresent(name -> {
            if (name.contains("/") || name.contains("\\") || name.contains("..")) {
                problems.add(new TransportSettings.Problem("fileName", "fileName 只能是文件名，不能含 /、\\ 或 .."));
            }
            if (!name.endsWith(extension)) {
                problems.add(new TransportSettings.Problem("fileName", "fileName 应以 " + extension + " 结尾"));
            }
        });
        return problems;
    }

    /** A setting the transport does not have, named with the closest one it has. */
    static List<TransportSettings.Problem> unknownSettings(TransportSettings settings, List<String> known) {
        List<TransportSettings.Problem> problems = new ArrayList<>();
        for (String key : settings.values().keySet()) {
            if (!known.contains(key)) {
                problems.add(new TransportSettings.Problem(
                        key,
                        "没有“" + key + "”这项设置" + org.communityhub.adapter.definition.Suggestions.didYouMean(key, known)
                                + "可用的有 " + String.join("、", known)));
            }
        }
        return problems;
    }

    static Path write(DataDirectory data, Clock clock, Shipment shipment, String extension, Writer writer)
            throws TransportFailure {
        String adapter = shipment.definition().id();
        LocalDateTime now = LocalDateTime.now(clock);
        String name = shipment.definition()
                .transport()
                .text("fileName")
                .orElse("{adapter}_{date}_{time}_{batch}" + extension)
                .replace("{adapter}", adapter)
                .replace("{date}", now.format(DateTimeFormatter.BASIC_ISO_DATE))
                .replace("{time}", now.format(DateTimeFormatter.ofPattern("HHmmss")))
                .replace(
                        "{batch}",
                        shipment.requestKey()
                                .substring(0, Math.min(8, shipment.requestKey().length())));
        Path dir = data.path().resolve("exports").resolve(adapter);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".writing-", extension);
            try {
                writer.write(temp);
                return publish(temp, dir, name, extension);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new TransportFailure(
                    "could not write " + dir.resolve(name) + ": " + e.getMessage(), true, false, null);
        }
    }

    /**
     * Gives the finished file its name, all at once and never over another file: an export not
     * yet collected must not be lost to the next one. A name already taken gets a counter
     * ({@code name-2.xlsx}, …).
     */
    private static Path publish(Path temp, Path dir, String name, String extension) throws IOException {
        String stem = name.endsWith(extension) ? name.substring(0, name.length() - extension.length()) : name;
        String suffix = name.endsWith(extension) ? extension : "";
        for (int n = 1; ; n++) {
            Path target = dir.resolve(n == 1 ? name : stem + "-" + n + suffix);
            try {
                // A rename within the directory: fails, rather than replaces, when the name is taken
                // (one hub process writes a platform's files at a time, under its lease).
                return Files.move(temp, target);
            } catch (FileAlreadyExistsException taken) {
                // try the next name
            }
        }
    }
}
