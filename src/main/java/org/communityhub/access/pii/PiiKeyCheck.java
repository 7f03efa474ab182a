package org.communityhub.access.pii;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communityhub.common.database.Jdbc;
import org.jboss.logging.Logger;

/**
 * At start-up, before the hub serves anything: every key the database's personal data is
 * encrypted under must be in the key ring, or the hub refuses to start, naming the missing key's
 * fingerprint. Started without the old key in the middle of a rotation, the hub would otherwise
 * run until the first read of such a value fails.
 *
 * <p>Tables up to {@value #FULL_SCAN_ROWS} rows are read whole; larger ones are sampled (about that
 * many rows), which finds a key that many values need but may miss one that a few still need.
 * Those fail on their first read, with the same message naming the key.
 *
 * <p>Then, when previous keys are configured or some value is not under the current key, the
 * rotation starts in the background.
 */
@ApplicationScoped
class PiiKeyCheck {

    private static final Logger LOG = Logger.getLogger(PiiKeyCheck.class);
    static final long FULL_SCAN_ROWS = 200_000;

    private final Jdbc jdbc;
    private final PiiCipher pii;
    private final PiiKeyRotation rotation;

    PiiKeyCheck(Jdbc jdbc, PiiCipher pii, PiiKeyRotation rotation) {
        this.jdbc = jdbc;
        this.pii = pii;
        this.rotation = rotation;
    }

    void onStart(@Observes @Priority(50) StartupEvent event) {
        Findings findings = look();
        if (!findings.missingKeys().isEmpty() || !findings.unopenedFirstFormat().isEmpty()) {
            throw new MissingPiiKeyException(refusal(findings));
        }
        if (!pii.previousKeyFingerprints().isEmpty() || findings.notUnderCurrentKey()) {
            rotation.start();
        }
    }

    /**
     * What the database holds: fingerprints the ring lacks (with the columns that need them),
     * columns with first-format values no key opens, and whether anything is not under the current key.
     */
    record Findings(
            Map<String, List<String>> missingKeys, List<String> unopenedFirstFormat, boolean notUnderCurrentKey) {}

    Findings look() {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        List<String> unopened = new ArrayList<>();
        boolean notUnderCurrent = false;
        try {
            for (EncryptedTable table : EncryptedTable.ALL) {
                String from = table.name() + sample(table.name());
                for (EncryptedTable.Column column : table.columns()) {
                    String where = table.name() + "." + column.cipher();
                    String col = column.cipher();
                    // The distinct headers: a fingerprint (format 2), or just the format (format 1).
                    List<byte[]> headers = jdbc.query(
                            "select distinct case when get_byte(" + col + ", 0) = 2 then substring(" + col
                                    + " from 1 for " + PiiCipher.currentKeyHeaderLength() + ") else substring(" + col
                                    + " from 1 for 1) end from " + from + " where " + col + " is not null",
                            rs -> rs.getBytes(1));
                    for (byte[] header : headers) {
                        if (Arrays.equals(header, pii.currentKeyHeader())) {
                            continue;
                        }
                        notUnderCurrent = true;
                        String fingerprint = PiiCipher.fingerprintOf(header).orElse(null);
                        if (fingerprint != null && !pii.hasKey(fingerprint)) {
                            missing.computeIfAbsent(fingerprint, f -> new ArrayList<>())
                                    .add(where);
                        } else if (fingerprint == null && !firstFormatOpens(table, column)) {
                            unopened.add(where);
                        }
                    }
                }
            }
        } catch (IllegalStateException e) {
            // The helper's message names the SQL state only.
            throw new IllegalStateException(
                    "Could not check the personal-data keys against the database: " + e.getMessage(), e);
        }
        if (notUnderCurrent && missing.isEmpty() && unopened.isEmpty()) {
            LOG.info("Some personal data is not under the current key yet; the key rotation will move it");
        }
        return new Findings(missing, unopened, notUnderCurrent);
    }

    /** Whether a value of the column in the first format (no fingerprint) opens with a key of the ring. */
    private boolean firstFormatOpens(EncryptedTable table, EncryptedTable.Column column) {
        return jdbc.queryOne(
                        "select " + column.cipher() + " from " + table.name() + " where get_byte(" + column.cipher()
                                + ", 0) = 1 limit 1",
                        ps -> {},
                        rs -> rs.getBytes(1))
                .map(value -> pii.canDecrypt(column.field(), value))
                .orElse(true);
    }

    /** A TABLESAMPLE clause for tables too large to read whole at every start. */
    private String sample(String table) {
        long rows = jdbc.queryOne(
                        "select reltuples::bigint from pg_class where oid = to_regclass(?)",
                        ps -> ps.setString(1, table),
                        rs -> rs.getLong(1))
                .orElse(-1L);
        if (rows <= FULL_SCAN_ROWS) {
            return ""; // -1: never analysed, so small or new
        }
        return String.format(Locale.ROOT, " tablesample system (%.4f)", 100.0 * FULL_SCAN_ROWS / rows);
    }

    private String refusal(Findings findings) {
        StringBuilder m = new StringBuilder("personal data in the database is encrypted under");
        if (!findings.missingKeys().isEmpty()) {
            List<String> parts = new ArrayList<>();
            findings.missingKeys()
                    .forEach((fingerprint, columns) ->
                            parts.add("key " + fingerprint + " (in " + String.join(", ", columns) + ")"));
            m.append(" ").append(String.join(" and ", parts)).append(", which this hub does not have");
        }
        if (!findings.unopenedFirstFormat().isEmpty()) {
            m.append(findings.missingKeys().isEmpty() ? "" : "; and under")
                    .append(" a key from before keys had fingerprints (in ")
                    .append(String.join(", ", findings.unopenedFirstFormat()))
                    .append(") that none of this hub's keys opens");
        }
        m.append(". This hub has key ")
                .append(pii.currentKeyFingerprint())
                .append(" (current)")
                .append(
                        pii.previousKeyFingerprints().isEmpty()
                                ? " and no previous keys"
                                : " and previous keys " + String.join(", ", pii.previousKeyFingerprints()))
                .append(". Give the missing key in HUB_PII_PREVIOUS_KEYS (base64, comma-separated): the hub reads"
                        + " with it and re-encrypts those values under the current key in the background;"
                        + " GET /api/v1/admin/pii-key tells when it is no longer needed.");
        return m.toString();
    }
}
