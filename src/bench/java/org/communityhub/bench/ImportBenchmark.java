package org.communityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.TestSql.connect;

import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.access.Roles;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.intake.imports.ImportService;
import org.communityhub.intake.imports.ImportSettings;
import org.communityhub.intake.imports.ImportState;
import org.communityhub.intake.imports.ImportView;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The import benchmark: a generated ledger of {@code bench.rows} residents (1,000,000 by default),
 * once as CSV and once as XLSX, imported end to end (read, check against the registry's rules and
 * for duplicates, encrypt, write, queue for the platforms), each compared in the same run with
 * PostgreSQL {@code COPY} of the same rows into a table with the same columns and a unique index on
 * the ID number. Peak heap is sampled while the hub works. Not part of the test suite; run it with
 *
 * <pre>./mvnw -B test -Pbench -Dtest=ImportBenchmark -DargLine=-Xmx512m [-Dbench.rows=1000000]</pre>
 *
 * It writes its figures, with a description of the machine, to {@code benchmarks/import.md}. The
 * file goes to the service directly (the HTTP layer only stores a multipart upload to disk); delivery to platforms is off in this run, the outbox is written.
 */
@HubTest
@TestProfile(WithoutDelivery.class)
class ImportBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final List<String> HEADER =
            List.of("姓名", "身份证号", "性别", "出生日期", "民族", "政治面貌", "手机号", "楼栋", "单元", "房号", "人口类型");

    @Inject
    ImportService imports;

    @Inject
    ImportSettings settings;

    @Test
    void importAMillionRowsAsCsvAndAsXlsx() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        Actor actor = new Actor(worker, Set.of(Roles.WORKER), AreaScope.of(List.of(community)));
        Path dir = Files.createDirectories(Path.of("target", "bench-import"));
        Path csv = dir.resolve("ledger.csv");
        Path xlsx = dir.resolve("ledger.xlsx");
        writeCsv(csv, 0);
        writeXlsx(xlsx, ROWS);

        StringBuilder report = new StringBuilder();
        try (Connection c = connect()) {
            Result csvCopy = copy(c, csv, 0);
            Result csvHub = importFile(actor, csv, community);
            Result xlsxCopy = copy(c, csv, ROWS); // COPY takes CSV: the same rows the workbook holds
            Result xlsxHub = importFile(actor, xlsx, community);
            assertThat(count(c, community)).isEqualTo(2L * ROWS);
            double registrySql = registryInsert(c, community);
            report.append(report(c, csv, xlsx, csvCopy, csvHub, xlsxCopy, xlsxHub, registrySql));
        }
        write(report.toString());
    }

    /** One import: read and check, then commit; peak heap sampled throughout. */
    private Result importFile(Actor actor, Path file, String community) throws Exception {
        HeapSampler heap = new HeapSampler();
        heap.start();
        long start = System.nanoTime();
        ImportView view = imports.upload(actor, file.getFileName().toString(), file);
        ImportView ready = await(actor, view, ImportState.READY);
        long checked = System.nanoTime();
        assertThat(ready.progress().rowsValid()).isEqualTo(ROWS);
        imports.commit(actor, view.id(), "valid-rows", false);
        ImportView done = await(actor, view, ImportState.COMMITTED);
        long end = System.nanoTime();
        heap.stopSampling();
        assertThat(done.progress().rowsCommitted()).isEqualTo(ROWS);
        return new Result(
                (checked - start) / 1e9, (end - checked) / 1e9, (end - start) / 1e9, heap.peak.get(), loadAverage());
    }

    private ImportView await(Actor actor, ImportView view, ImportState state) throws InterruptedException {
        while (true) {
            ImportView now = imports.get(actor, view.id(), null, null, PageRequest.of("0", "5"));
            if (now.state() == state) {
                return now;
            }
            if (now.state() == ImportState.FAILED
                    || now.state() == ImportState.CANCELLED
                    || (now.state() == ImportState.READY && state != ImportState.READY)) {
                throw new AssertionError("Import ended in " + now.state() + ": " + now.error() + " "
                        + now.findings().items());
            }
            Thread.sleep(500);
        }
    }

    /** PostgreSQL COPY of the same rows into a table with the same columns and a unique ID number. */
    private static Result copy(Connection c, Path csv, int offset) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_copy");
            s.execute(
                    "create table bench_copy (name varchar(100), id_number varchar(18), sex varchar(4), birth_date date,"
                            + " ethnicity varchar(10), political_status varchar(20), phone varchar(20), building varchar(20),"
                            + " unit varchar(10), room varchar(10), residence_type varchar(10))");
            s.execute("create unique index bench_copy_id on bench_copy (id_number)");
        }
        Path rows = offset == 0 ? csv : Files.createTempFile("bench", ".csv");
        if (offset != 0) {
            writeCsv(rows, offset);
        }
        long start = System.nanoTime();
        try (Reader in = Files.newBufferedReader(rows, StandardCharsets.UTF_8)) {
            long copied = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy bench_copy from stdin with (format csv, header true)", in);
            assertThat(copied).isEqualTo(ROWS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Statement s = c.createStatement()) {
            s.execute("drop table bench_copy");
        }
        if (offset != 0) {
            Files.delete(rows);
        }
        return new Result(0, 0, seconds, 0, loadAverage());
    }

    /**
     * What the registry's own tables cost, without the hub: the rows the CSV import wrote, inserted
     * once more by PostgreSQL itself (resident with all its indexes, generated column, foreign keys
     * and outbox trigger, and the history entry of each) from a table that already holds every
     * value, in a transaction rolled back afterwards. A floor for the hub's commit.
     */
    private static double registryInsert(Connection c, String community) throws Exception {
        String columns =
                "name, name_key, id_type, id_number_cipher, id_number_index, sex, birth_date, ethnicity, political_status,"
                        + " education, marital_status, phone_cipher, phone_index, residence_type, community_code, building, unit,"
                        + " room, household_id, relation_to_head, tags, status, status_date, status_reason, version, created_at,"
                        + " created_by, updated_at, updated_by";
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("create temp table bench_rows as select id as old_id, gen_random_uuid() as id, " + columns
                    + " from resident where community_code = '" + community + "' order by created_at limit " + ROWS);
            s.execute("update bench_rows set id_number_index = sha256(id_number_index),"
                    + " phone_index = sha256(phone_index)");
            long start = System.nanoTime();
            s.execute("insert into resident (id, " + columns + ") select id, " + columns
                    + " from bench_rows order by id");
            s.execute("insert into resident_history (resident_id, changed_at, changed_by, action, changes)"
                    + " select b.id, h.changed_at, h.changed_by, h.action, h.changes"
                    + " from bench_rows b join resident_history h on h.resident_id = b.old_id");
            double seconds = (System.nanoTime() - start) / 1e9;
            c.rollback();
            return seconds;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void writeCsv(Path file, int offset) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", HEADER));
            w.write("\n");
            for (int i = 0; i < ROWS; i++) {
                w.write(String.join(",", row(offset + i)));
                w.write("\n");
            }
        }
    }

    private static void writeXlsx(Path file, int offset) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "bench", "1.0");
            Worksheet ws = wb.newWorksheet("花名册");
            for (int c = 0; c < HEADER.size(); c++) {
                ws.value(0, c, HEADER.get(c));
            }
            for (int i = 0; i < ROWS; i++) {
                List<String> row = row(offset + i);
                for (int c = 0; c < row.size(); c++) {
                    ws.value(i + 1, c, row.get(c));
                }
                if (i % 10_000 == 0) {
                    ws.flush();
                }
            }
            wb.finish();
        }
    }

    /** Row {@code i} of the generated ledger: a synthetic person with a unique, valid ID number. */
    static List<String> row(int i) {
        return BenchResidents.ledgerRow(i);
    }

    private static long count(Connection c, String community) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("select count(*) from resident where community_code = '" + community + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String report(
            Connection c,
            Path csv,
            Path xlsx,
            Result csvCopy,
            Result csvHub,
            Result xlsxCopy,
            Result xlsxHub,
            double registrySql)
            throws Exception {
        String when = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        long maxHeap = Runtime.getRuntime().maxMemory() >> 20;
        return "# Import benchmark\n\n"
                + "Run " + when
                + " with `./mvnw -B test -Pbench -Dtest=ImportBenchmark -DargLine=-Xmx512m -Dbench.rows=" + ROWS
                + "`"
                + " (heap limit of the hub's JVM: " + maxHeap + " MB).\n\n"
                + machine() + "\n"
                + "A generated ledger of " + String.format("%,d", ROWS)
                + " synthetic residents (11 columns: name, ID number, sex,"
                + " birth date, ethnicity, political status, mobile, building, unit, room, residence type), as CSV ("
                + (Files.size(csv) >> 20) + " MB) and as XLSX (" + (Files.size(xlsx) >> 20) + " MB, other ID numbers)."
                + " The hub reads the file, checks every row with the registry's rules (each batch's rows on two"
                + " threads) and for duplicates in the file and in the registry (the same ID number, and probable"
                + " duplicates: the same name key and birth date, one index probe a row), then commits the rows through the"
                + " registry service (encryption and blind indexes, history, the outbox trigger), "
                + String.format("%,d", settings.batchSize()) + " rows a transaction (hub.imports.batch-size),"
                + " each batch's ID numbers looked up and its residents and history written with one COPY"
                + " each, the next batch read, checked and encrypted on a second thread while the current one is"
                + " written. PostgreSQL COPY loads the same rows,"
                + " as CSV, into a table with the same columns and a unique index on the ID number.\n\n"
                + "| file | check (s) | commit (s) | total (s) | rows/s | COPY (s) | COPY rows/s | hub ÷ COPY time | peak heap (MB) | load average at end |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + line("CSV", csvHub, csvCopy)
                + line("XLSX", xlsxHub, xlsxCopy)
                + String.format(
                        "\nThe registry's own tables, for comparison: PostgreSQL inserting the %,d residents the CSV import"
                                + " wrote once more, from a table holding every value already encrypted (resident with its"
                                + " indexes, generated column, foreign keys and outbox trigger, and each one's history"
                                + " entry), took %.1f s (%,.0f rows/s, %.1f× COPY's time): a floor under the hub's commit,"
                                + " which took %.2f× (CSV) and %.2f× (XLSX) as long.\n",
                        ROWS,
                        registrySql,
                        ROWS / registrySql,
                        registrySql / csvCopy.total,
                        csvHub.commit / registrySql,
                        xlsxHub.commit / registrySql)
                + "\nTarget of the issue: ≥ 30,000 rows/s and within 5× of COPY. Peak heap is the highest heap in use"
                + " sampled every 50 ms while the hub imported (garbage not yet collected included), under the heap limit"
                + " above.\n";
    }

    private static String line(String what, Result hub, Result copy) {
        return String.format(
                "| %s | %.1f | %.1f | %.1f | %,.0f | %.1f | %,.0f | %.1f× | %d | %.1f |\n",
                what,
                hub.check,
                hub.commit,
                hub.total,
                ROWS / hub.total,
                copy.total,
                ROWS / copy.total,
                hub.total / copy.total,
                hub.peakHeap >> 20,
                hub.load);
    }

    private static String machine() throws Exception {
        String cpu = Machine.cpu();
        String postgres = Machine.postgres();
        return "- " + Machine.cores() + " cores (" + cpu + ")\n"
                + "- Java " + System.getProperty("java.version") + "\n"
                + "- PostgreSQL " + postgres
                + " (embedded, in the same machine, fsync and synchronous commit on; the import's batches commit with"
                + " synchronous_commit off, see ImportRepository.importBatchSettings)\n";
    }

    /**
     * Writes the figures of this run over those of the last one; the sections written by hand after
     * them (from the first second-level heading on: readings, the breakdown of the registry's insert)
     * are kept.
     */
    private static void write(String report) throws IOException {
        Path file = Path.of("benchmarks", "import.md");
        Files.createDirectories(file.getParent());
        String kept = "";
        if (Files.exists(file)) {
            String before = Files.readString(file, StandardCharsets.UTF_8);
            int at = before.indexOf("\n## ");
            kept = at < 0 ? "" : before.substring(at);
        }
        Files.writeString(file, report + kept, StandardCharsets.UTF_8);
        System.out.println(report);
    }

    /** The machine's load average over the last minute, or -1 where it cannot be read. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One run's times, peak heap, and the machine's load average (1 minute) at its end. */
    record Result(double check, double commit, double total, long peakHeap, double load) {}

    /** Samples the heap in use every 50 ms; keeps the highest. */
    static final class HeapSampler extends Thread {
        final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }
    }
}
