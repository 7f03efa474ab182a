package org.communityhub.adapter.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    static List<String> checkFileName(TransportSettings settings, String extension) {
        List<String> problems = new ArrayList<>();
        settings.text("fileName").ifPresent(name -> {
            if (name.contains("/") || name.contains("\\") || name.contains("..")) {
                problems.add("fileName must be a plain file name");
            }
            if (!name.endsWith(extension)) {
                problems.add("fileName should end with " + extension);
            }
        });
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
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".writing-", extension);
            try {
                writer.write(temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new TransportFailure("could not write " + target + ": " + e.getMessage(), true, false, null);
        }
    }
}
