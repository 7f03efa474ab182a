package org.communityhub.adapter.transport;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.communityhub.adapter.definition.TransportSettings;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.reference.place.DivisionCode;

/**
 * Where import files for platforms go: {@code HUB_DATA_DIR/exports/<adapter-id>/}, named by the
 * definition's {@code fileName} pattern ({@code {adapter}}, {@code {date}}, {@code {time}}, {@code
 * {batch}}, {@code {area}}). With {@code filesPer: street} or {@code community} a batch is written
 * as one file per street or community, each in a folder named by its code ({@code
 * exports/<adapter-id>/<code>/}), so that the street's or community's own staff can be given
 * their file alone. A file is written under a temporary name and moved into place whole, so
 * nobody ever picks up half a file.
 */
final class FileExports {

    /** Writes the given records into a file. */
    interface Writer {
        void write(Path file, List<OutboundRecord> records) throws IOException;
    }

    /** The settings every file transport has. */
    static final List<String> COMMON_SETTINGS = List.of("fileName", "filesPer");

    /** The values of {@code filesPer}: one file for the platform (the default), or one per street or community. */
    static final List<String> FILES_PER = List.of("platform", "street", "community");

    private FileExports() {}

    /** Problems with the settings every file transport has. */
    static List<TransportSettings.Problem> checkCommon(TransportSettings settings, String extension) {
        List<TransportSettings.Problem> problems = checkFileName(settings, extension);
        settings.text("filesPer").ifPresent(per -> {
            if (!FILES_PER.contains(per)) {
                problems.add(new TransportSettings.Problem(
                        "filesPer",
                        "filesPer 只能是 platform（整个平台一个文件，默认）、street（每个街道一个文件）或 community（每个社区一个文件），现为“" + per + "”"));
            }
        });
        return problems;
    }

    /** How many digits of a community code name the area a file is written for; 0: one file. */
    static int areaDigits(TransportSettings settings) {
        return switch (settings.text("filesPer").orElse("platform")) {
            case "street" -> DivisionCode.STREET_LENGTH;
            case "community" -> DivisionCode.COMMUNITY_LENGTH;
            default -> 0;
        };
    }

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

    /**
     * Writes the records into the platform's file, or into one file per street or community as
     * {@code filesPer} says (a record without a known community goes into the platform's file).
     */
    static List<ShipmentOutcome.WrittenFile> write(
            DataDirectory data,
            Clock clock,
            Shipment shipment,
            List<OutboundRecord> records,
            String extension,
            Writer writer)
            throws TransportFailure {
        int digits = areaDigits(shipment.definition().transport());
        Map<String, List<OutboundRecord>> byArea = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (OutboundRecord r : records) {
            String code = r.communityCode();
            String area = digits == 0 || code == null || code.length() < digits ? null : code.substring(0, digits);
            byArea.computeIfAbsent(area, a -> new ArrayList<>()).add(r);
        }
        List<ShipmentOutcome.WrittenFile> files = new ArrayList<>();
        for (Map.Entry<String, List<OutboundRecord>> e : byArea.entrySet()) {
            List<OutboundRecord> in = e.getValue();
            Path file = writeOne(data, clock, shipment, e.getKey(), extension, target -> writer.write(target, in));
            files.add(new ShipmentOutcome.WrittenFile(
                    file, e.getKey(), in.stream().map(OutboundRecord::key).toList()));
        }
        return files;
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    private static Path writeOne(
            DataDirectory data, Clock clock, Shipment shipment, String area, String extension, FileWriter writer)
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
                                .substring(0, Math.min(8, shipment.requestKey().length())))
                .replace("{area}", area == null ? "" : area);
        Path dir = ExportDirectory.of(data, adapter);
        if (area != null) {
            dir = dir.resolve(area);
        }
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
