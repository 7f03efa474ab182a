package org.communityhub.registry.place;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.communityhub.common.csv.CsvReader;
import org.communityhub.common.database.AdvisoryLocks;
import org.communityhub.common.database.Jdbc;
import org.jboss.logging.Logger;

/**
 * Loads the shipped divisions (province to street) into the registry at start-up, and again only
 * when the shipped files change. Communities added by users are left alone.
 */
@ApplicationScoped
public class DivisionCatalog {

    private static final Logger LOG = Logger.getLogger(DivisionCatalog.class);
    private static final String DATA_SET = "divisions";

    /** Files in load order; the column that holds each row's parent code. */
    private static final List<String[]> FILES = List.of(
            new String[] {"provinces.csv", null},
            new String[] {"cities.csv", "provinceCode"},
            new String[] {"areas.csv", "cityCode"},
            new String[] {"streets.csv", "areaCode"});

    private final DivisionService divisions;
    private final Jdbc jdbc;

    DivisionCatalog(DivisionService divisions, Jdbc jdbc) {
        this.divisions = divisions;
        this.jdbc = jdbc;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        jdbc.lockForTransaction(AdvisoryLocks.REFERENCE_DATA);
        String checksum = checksum();
        List<String> loaded = jdbc.query(
                "select checksum from reference_data where name = ?",
                ps -> ps.setString(1, DATA_SET),
                rs -> rs.getString(1));
        if (!loaded.isEmpty() && checksum.equals(loaded.get(0))) {
            return;
        }
        List<DivisionRow> rows = readShipped();
        DivisionRepository.UpsertCounts counts = divisions.loadReference(rows.iterator());
        jdbc.update("""
                insert into reference_data (name, checksum, rows, loaded_at) values (?, ?, ?, ?)
                 on conflict (name) do update set checksum = excluded.checksum, rows = excluded.rows,
                 loaded_at = excluded.loaded_at""", ps -> {
            ps.setString(1, DATA_SET);
            ps.setString(2, checksum);
            ps.setInt(3, rows.size());
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
        });
        LOG.infof(
                "Loaded administrative divisions: %d new, %d renamed, %d unchanged",
                counts.created(), counts.renamed(), counts.unchanged());
    }

    /**
     * The shipped divisions as the catalog reads them, parents before children: for a database
     * prepared ahead of the hub's first start (the tests' template database), which records {@link
     * #shippedChecksum()} so that the hub finds them loaded.
     *
     * @return code, name and parent code (null for a province) of each
     */
    public static List<String[]> shippedDivisions() {
        return readShipped().stream()
                .map(r -> new String[] {r.code(), r.name(), r.parentCode()})
                .toList();
    }

    /** The checksum the catalog records for the shipped files it has loaded. */
    public static String shippedChecksum() {
        return checksum();
    }

    private static List<DivisionRow> readShipped() {
        List<DivisionRow> rows = new ArrayList<>();
        for (String[] file : FILES) {
            try (CsvReader csv = new CsvReader(new InputStreamReader(open(file[0]), StandardCharsets.UTF_8))) {
                List<String> header = csv.next();
                int parent = file[1] == null ? -1 : header.indexOf(file[1]);
                for (List<String> row = csv.next(); row != null; row = csv.next()) {
                    if (row.size() < 2) {
                        continue;
                    }
                    rows.add(new DivisionRow(
                            row.get(0), row.get(1), parent < 0 ? null : row.get(parent), csv.recordLine()));
                }
            }
        }
        return rows;
    }

    private static String checksum() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String[] file : FILES) {
                try (InputStream in = open(file[0])) {
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = DivisionCatalog.class.getResourceAsStream("/divisions/" + file);
        if (in == null) {
            throw new IllegalStateException("Shipped division file divisions/" + file + " is missing");
        }
        return in;
    }
}
