package org.communityhub.intake.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.common.database.Jdbc;

/**
 * Where uploads are kept while their import lasts. The upload itself is in the database
 * ({@code import_upload_part}), encrypted under the personal-data key in parts of 1 MiB, so every
 * hub process can work on every import. A process that reads it unpacks it into
 * {@code <data dir>/imports/<id>/upload} (readable by the hub's user only) and reads that copy; a
 * copy nobody asked for during {@link #IDLE_COPY} is deleted, so an upload lies in clear on a disk
 * only while it is being checked, committed or turned into its result file.
 *
 * <p>The cells a worker corrected on the import page ({@code import_correction}) are kept beside the
 * upload, encrypted under the same key, and go with it: whoever reads the upload reads it with them
 * ({@link #corrections}).
 */
@ApplicationScoped
class ImportFiles {

    static final int PART_BYTES = 1 << 20;
    /** How long an unpacked copy is kept after it was last asked for. */
    static final Duration IDLE_COPY = Duration.ofMinutes(10);

    private final Path root;
    private final PiiCipher cipher;
    private final Jdbc jdbc;
    private final Clock clock;
    /** Unpacking, touching and dropping a copy happen one at a time, so a copy handed out is never dropped at once. */
    private final Object copies = new Object();

    ImportFiles(DataDirectory data, PiiCipher cipher, Jdbc jdbc, Clock clock) {
        this.root = data.path().resolve("imports");
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The cells of the import's upload a worker corrected, decrypted, to lay over its rows as they are read. */
    CellCorrections corrections(UUID id) {
        Map<String, Map<Long, Map<Integer, String>>> bySheet = new HashMap<>();
        jdbc.query(
                "select sheet, row_no, column_no, value_cipher from import_correction where import_id = ?",
                ps -> ps.setObject(1, id),
                rs -> {
                    bySheet.computeIfAbsent(rs.getString(1), s -> new HashMap<>())
                            .computeIfAbsent(rs.getLong(2), r -> new HashMap<>())
                            .put(rs.getInt(3) - 1, cipher.decrypt(PiiField.IMPORT_CORRECTION, rs.getBytes(4)));
                    return null;
                });
        return bySheet.isEmpty() ? CellCorrections.NONE : new CellCorrections(bySheet);
    }

    /**
     * Corrects cells of one row of the sheet read (columns 0-based): a value replaces the file's
     * (encrypted), null gives the file's own value back. In the caller's transaction.
     */
    void correct(UUID id, String sheet, long row, Map<Integer, String> cells, String user, Instant now) {
        for (Map.Entry<Integer, String> cell : cells.entrySet()) {
            if (cell.getValue() == null) {
                jdbc.update(
                        "delete from import_correction where import_id = ? and sheet = ? and row_no = ? and column_no = ?",
                        (c, ps) -> {
                            ps.setObject(1, id);
                            ps.setString(2, CellCorrections.sheetKey(sheet));
                            ps.setLong(3, row);
                            ps.setInt(4, cell.getKey() + 1);
                        });
                continue;
            }
            jdbc.update(
                    "insert into import_correction (import_id, sheet, row_no, column_no, value_cipher, corrected_by,"
                            + " corrected_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (import_id, sheet, row_no, column_no)"
                            + " do update set value_cipher = excluded.value_cipher, corrected_by = excluded.corrected_by,"
                            + " corrected_at = excluded.corrected_at",
                    (c, ps) -> {
                        ps.setObject(1, id);
                        ps.setString(2, CellCorrections.sheetKey(sheet));
                        ps.setLong(3, row);
                        ps.setInt(4, cell.getKey() + 1);
                        ps.setBytes(5, cipher.encrypt(PiiField.IMPORT_CORRECTION, cell.getValue()));
                        ps.setString(6, user);
                        ps.setTimestamp(7, java.sql.Timestamp.from(now));
                    });
        }
    }

    /**
     * The upload as a file on this process's disk, unpacked from the database if this process has
     * no fresh copy. Open it at once: a copy not asked for again is dropped after {@link #IDLE_COPY}.
     */
    Path upload(UUID id) {
        Path copy = copy(id);
        synchronized (copies) {
            try {
                if (Files.isRegularFile(copy)) {
                    Files.setLastModifiedTime(copy, FileTime.from(clock.instant()));
                    return copy;
                }
                Path dir = directory(id);
                Path partial = Files.createTempFile(dir, "upload", ".part");
                try (OutputStream out = Files.newOutputStream(partial)) {
                    if (readParts(id, out) == 0) {
                        throw new UncheckedIOException(new IOException("No upload stored for import " + id));
                    }
                }
                Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Where this process writes an import's result file before it is sent. */
    Path result(UUID id) {
        try {
            return directory(id).resolve("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long storing the largest upload may take, in seconds. */
    private static final int STORE_SECONDS = 6 * 3600;

    /** Stores an upload (its job must exist): all parts in one transaction, so a failed store leaves none. */
    void store(UUID id, Path uploaded) {
        QuarkusTransaction.requiringNew().timeout(STORE_SECONDS).run(() -> {
            try (InputStream in = Files.newInputStream(uploaded)) {
                byte[] buffer = new byte[PART_BYTES];
                int part = 0;
                for (int n = in.readNBytes(buffer, 0, PART_BYTES); n > 0; n = in.readNBytes(buffer, 0, PART_BYTES)) {
                    byte[] plain = n == PART_BYTES ? buffer : java.util.Arrays.copyOf(buffer, n);
                    int number = part++;
                    jdbc.update("insert into import_upload_part (import_id, part, data) values (?, ?, ?)", ps -> {
                        ps.setObject(1, id);
                        ps.setInt(2, number);
                        ps.setBytes(3, cipher.encryptBytes(PiiField.UPLOAD, plain));
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Whether the import's upload is still kept. */
    boolean exists(UUID id) {
        return jdbc.queryOne(
                        "select exists (select 1 from import_upload_part where import_id = ?)",
                        ps -> ps.setObject(1, id),
                        rs -> rs.getBoolean(1))
                .orElse(false);
    }

    /** Drops the upload and the corrections to it, in the database, and this process's copy. */
    void delete(UUID id) {
        jdbc.update("delete from import_upload_part where import_id = ?", ps -> ps.setObject(1, id));
        jdbc.update("delete from import_correction where import_id = ?", ps -> ps.setObject(1, id));
        synchronized (copies) {
            deleteTree(root.resolve(id.toString()));
        }
    }

    /** Deletes the copies (uploads and result files) on this process's disk that nobody asked for lately. */
    void dropIdleCopies() {
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant cutoff = clock.instant().minus(IDLE_COPY);
        synchronized (copies) {
            List<Path> dirs;
            try (Stream<Path> list = Files.list(root)) {
                dirs = list.toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path dir : dirs) {
                try (Stream<Path> inside = Files.list(dir)) {
                    boolean idle = inside.allMatch(f -> modified(f).isBefore(cutoff));
                    if (idle) {
                        deleteTree(dir);
                    }
                } catch (IOException e) {
                    // gone meanwhile, or not a directory: leave it
                }
            }
        }
    }

    /** Writes the upload's parts to {@code out} as they are read, one part in memory at a time (a cursor). */
    private long readParts(UUID id, OutputStream out) {
        return jdbc.forEach(
                "select data from import_upload_part where import_id = ? order by part",
                1,
                (c, ps) -> ps.setObject(1, id),
                rs -> {
                    try {
                        out.write(cipher.decryptBytes(PiiField.UPLOAD, rs.getBytes(1)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private Path copy(UUID id) {
        return root.resolve(id.toString()).resolve("upload");
    }

    /** The import's directory on this process's disk, created readable by the hub's user only (as the key files are). */
    private Path directory(UUID id) throws IOException {
        return Files.createDirectories(
                root.resolve(id.toString()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MAX; // being replaced: not idle
        }
    }

    private static void deleteTree(Path dir) {
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
