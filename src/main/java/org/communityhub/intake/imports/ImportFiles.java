package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.communityhub.common.database.DataDirectory;

/**
 * Where uploads are kept while their import lasts: {@code <data dir>/imports/<id>/upload}, readable
 * by the hub's user only. Dropped when the import is committed or cancelled.
 */
@ApplicationScoped
class ImportFiles {

    private final Path root;

    ImportFiles(DataDirectory data) {
        this.root = data.path().resolve("imports");
    }

    Path upload(UUID id) {
        return root.resolve(id.toString()).resolve("upload");
    }

    Path result(UUID id) {
        return root.resolve(id.toString()).resolve("result");
    }

    void store(UUID id, Path uploaded) {
        try {
            Path dir = Files.createDirectories(root.resolve(id.toString()));
            try {
                Files.setPosixFilePermissions(
                        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own protection applies
            }
            Files.copy(uploaded, upload(id), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(UUID id) {
        return Files.isRegularFile(upload(id));
    }

    void delete(UUID id) {
        Path dir = root.resolve(id.toString());
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
