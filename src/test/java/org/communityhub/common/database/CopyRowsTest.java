package org.communityhub.common.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.communityhub.testing.HubTest;
import org.junit.jupiter.api.Test;

/** Rows sent to PostgreSQL by COPY arrive exactly as given, whatever characters they hold. */
@HubTest
class CopyRowsTest {

    @Inject
    Jdbc jdbc;

    record Row(UUID id, String text, byte[] bytes, String[] tags) {}

    @Test
    void everyValueArrivesUnchanged() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(
                UUID.randomUUID(),
                "tab\there, new\nline, return\r, back\\slash, \\N, \\t",
                new byte[] {0, 1, -1},
                new String[] {"a,b", "{braces}", "\"quoted\"", "back\\slash", "", "NULL", "空 格"}));
        rows.add(new Row(UUID.randomUUID(), null, null, new String[0]));
        rows.add(new Row(UUID.randomUUID(), "", new byte[0], new String[] {"低保"}));
        Random random = new Random(7);
        rows.add(new Row(new UUID(0, 0), "a\\".repeat(5_000), new byte[10_000], new String[] {"x"}));
        rows.add(new Row(new UUID(-1, -1), "长".repeat(3_000) + "\t", new byte[] {127}, new String[0]));
        for (int i = 0; i < 200; i++) {
            rows.add(new Row(UUID.randomUUID(), randomText(random), randomBytes(random), new String[] {
                randomText(random), randomText(random)
            }));
        }

        List<Row> read = QuarkusTransaction.requiringNew().call(() -> {
            jdbc.update(
                    "create temp table copied (id uuid, t text, b bytea, tags varchar(40)[]) on commit drop",
                    (c, ps) -> {});
            CopyRows copy = new CopyRows(1); // far smaller than the rows: the buffer grows as they come
            for (Row r : rows) {
                copy.uuid(r.id())
                        .text(r.text())
                        .bytes(r.bytes())
                        .textArray(r.tags())
                        .endRow();
            }
            assertThat(jdbc.copyIn("copy copied (id, t, b, tags) from stdin", copy))
                    .isEqualTo(rows.size());
            return jdbc.query(
                    "select id, t, b, tags from copied",
                    ps -> {},
                    rs -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3), (String[])
                            rs.getArray(4).getArray()));
        });

        assertThat(read).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            Row sent = rows.get(i);
            Row got = read.stream()
                    .filter(r -> r.id().equals(sent.id()))
                    .findFirst()
                    .orElseThrow();
            assertThat(got.text()).as("row %d", i).isEqualTo(sent.text());
            assertThat(got.bytes()).as("row %d", i).isEqualTo(sent.bytes());
            assertThat(got.tags())
                    .as("row %d: %s", i, Arrays.toString(sent.tags()))
                    .containsExactly(sent.tags());
        }
    }

    @Test
    void aRowTheDatabaseRefusesFailsTheWholeCopy() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    jdbc.update("create temp table copied (id uuid primary key) on commit drop", (c, ps) -> {});
                    UUID same = UUID.randomUUID();
                    jdbc.copyIn(
                            "copy copied (id) from stdin",
                            new CopyRows(2).uuid(same).endRow().uuid(same).endRow());
                }))
                .hasMessageContaining("23505");
    }

    @Test
    void onlyACopyFromStdinIsRun() {
        assertThatThrownBy(() -> jdbc.copyIn("copy copied to program 'true'", new CopyRows(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Letters, CJK, punctuation, controls (but NUL, which PostgreSQL text cannot hold), up to 40 characters. */
    private static String randomText(Random random) {
        String pool = "ab,{}\"'\\\t\n\r \u0001\u001f张王李低保\u00e9\ud83d\ude00;|NU";
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(pool.length());
            char ch = pool.charAt(k);
            if (Character.isHighSurrogate(ch) && k + 1 < pool.length()) {
                s.append(ch).append(pool.charAt(k + 1));
            } else if (!Character.isLowSurrogate(ch)) {
                s.append(ch);
            }
        }
        return s.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }
}
