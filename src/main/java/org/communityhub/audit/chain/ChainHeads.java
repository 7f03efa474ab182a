package org.communityhub.audit.chain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.jboss.logging.Logger;

/**
 * The audit chains' heads kept outside the database. Whoever can write to the database could
 * rewrite a chain from some row on and compute every hash after it anew: the chain alone would
 * verify again. A head written down earlier (a position and the hash the chain had there) cannot
 * be recomputed that way, so the hub writes both chains' heads to a file once a day (and when an
 * auditor asks), which the operator ships elsewhere, and checks saved heads against the chains.
 *
 * <p>A head is one line: {@code <chain> <position> <hash> <time>}, e.g. {@code access 1042
 * 9f2c…e1 2026-12-03T00:05:00+08:00}; lines starting with {@code #} are comments. The files are
 * {@code <directory>/<yyyy-MM-dd>.txt}, one a day in the hub's time zone, each snapshot appended.
 */
@ApplicationScoped
@Startup
public class ChainHeads {

    /** Where and whether the day's heads are written. */
    @ConfigMapping(prefix = "hub.audit.heads")
    public interface Settings {
        /** Whether this process writes each day's chain heads to a file. */
        @WithDefault("true")
        boolean enabled();

        /** The directory of the daily files of chain heads; by default {@code audit-heads} in the data directory. */
        Optional<String> directory();
    }

    /** One head: the chain's position and hash at a time. */
    public record KeptHead(String chain, long position, String hash, OffsetDateTime at) {

        /** As a line of a heads file. */
        public String line() {
            return chain + " " + position + " " + hash + (at == null ? "" : " " + at);
        }
    }

    /**
     * Whether a chain still holds a saved head.
     *
     * @param line the saved head's line number in the text it came from
     * @param holds the chain has the saved hash at the saved position, and verifies from there to now
     * @param problem when not, why, in English (stable wording, for scripts)
     * @param detail the same in Chinese, for the auditor
     */
    public record HeadCheck(int line, KeptHead head, boolean holds, String problem, String detail) {}

    private static final Logger LOG = Logger.getLogger(ChainHeads.class);
    private static final Map<String, String> CHAINS = Map.of(AuditChain.SHARING, "共享台账链", AuditChain.ACCESS, "访问日志链");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    /** The most lines one check takes: a year of daily files holds about 730. */
    static final int MAX_LINES = 5_000;

    private final Jdbc jdbc;
    private final ChainVerifier verifier;
    private final Settings settings;
    private final Path directory;
    private final Clock clock;

    ChainHeads(Jdbc jdbc, ChainVerifier verifier, Settings settings, DataDirectory dataDirectory, Clock clock) {
        this.jdbc = jdbc;
        this.verifier = verifier;
        this.settings = settings;
        this.directory = settings.directory()
                .map(p -> Path.of(p).toAbsolutePath().normalize())
                .orElse(dataDirectory.path().resolve("audit-heads"));
        this.clock = clock;
    }

    /** Looks every few minutes whether today's file is there: a new day, or a hub that was down at midnight. */
    @Scheduled(
            identity = "audit-chain-heads",
            every = "300s",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void writeTodayIfMissingOnSchedule() {
        if (settings.enabled()) {
            writeTodayIfMissingQuietly();
        }
    }

    /** The directory the daily files are written to. */
    public Path directory() {
        return directory;
    }

    /** Both chains' heads now, as the database has them. */
    public List<KeptHead> current() {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        return QuarkusTransaction.requiringNew()
                .call(() -> jdbc.query(
                        """
                        select chain, last_seq, last_hash from audit_chain_head
                         where chain in ('sharing', 'access') order by chain <> 'sharing'""",
                        rs -> new KeptHead(
                                rs.getString(1), rs.getLong(2), HexFormat.of().formatHex(rs.getBytes(3)), now)));
    }

    /** Appends both chains' heads to today's file and answers them. */
    public List<KeptHead> write() {
        List<KeptHead> heads = current();
        Path file = directory.resolve(LocalDate.now(clock) + ".txt");
        StringBuilder text = new StringBuilder();
        if (!Files.exists(file)) {
            text.append("# 一表通 audit chain heads: chain position hash time. Keep this file outside the hub;"
                    + " an auditor checks it at /audit/verify.\n");
        }
        heads.forEach(h -> text.append(h.line()).append('\n'));
        try {
            Files.createDirectories(directory);
            Files.writeString(
                    file,
                    text,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.errorf("Could not write the audit chain heads to %s: %s", file, e.getMessage());
            throw new ProblemException(
                    500,
                    "heads-not-written",
                    "Internal Server Error",
                    "链头文件无法写入（" + directory + "）：请运维人员检查该目录（HUB_AUDIT_HEADS_DIR）是否存在且可写。");
        }
        LOG.infof("Audit chain heads written to %s", file);
        return heads;
    }

    /** Writes today's file unless it is there. */
    boolean writeTodayIfMissing() {
        if (Files.exists(directory.resolve(LocalDate.now(clock) + ".txt"))) {
            return false;
        }
        write();
        return true;
    }

    private void writeTodayIfMissingQuietly() {
        try {
            writeTodayIfMissing();
        } catch (RuntimeException e) {
            LOG.warnf("Writing the day's audit chain heads failed; trying again later: %s", e.getMessage());
        }
    }

    /** A saved head and the line it was on. */
    public record SavedHead(int line, KeptHead head) {}

    /**
     * Reads saved heads, as written by {@link #write()} or copied from the audit page. Refuses the
     * whole text (422, each bad line named) rather than check only part of it.
     */
    public static List<SavedHead> parse(String text) {
        FieldErrors errors = new FieldErrors();
        List<SavedHead> heads = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            String field = "line " + number;
            String[] parts = line.split("\\s+");
            if (parts.length < 3 || parts.length > 4) {
                errors.add(field, "malformed-head", "第 " + number + " 行应为“链 位置 哈希 时间”四项，以空格分隔。");
                continue;
            }
            String chain = parts[0].toLowerCase(Locale.ROOT);
            if (!CHAINS.containsKey(chain)) {
                errors.add(field, "unknown-chain", "第 " + number + " 行的链名应为 sharing 或 access。");
                continue;
            }
            long position;
            try {
                position = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                position = -1;
            }
            if (position < 0) {
                errors.add(field, "malformed-position", "第 " + number + " 行的位置应为不小于 0 的整数。");
                continue;
            }
            String hash = parts[2].toLowerCase(Locale.ROOT);
            if (!HASH.matcher(hash).matches()) {
                errors.add(field, "malformed-hash", "第 " + number + " 行的哈希值应为 64 位十六进制数。");
                continue;
            }
            OffsetDateTime at = null;
            if (parts.length == 4) {
                try {
                    at = OffsetDateTime.parse(parts[3]);
                } catch (DateTimeParseException e) {
                    errors.add(field, "malformed-time", "第 " + number + " 行的时间应形如 2026-12-03T00:05:00+08:00。");
                    continue;
                }
            }
            heads.add(new SavedHead(number, new KeptHead(chain, position, hash, at)));
            if (heads.size() > MAX_LINES) {
                errors.add(field, "too-many-heads", "一次最多核对 " + MAX_LINES + " 个链头，请分批提交。");
                break;
            }
        }
        if (errors.isEmpty() && heads.isEmpty()) {
            errors.add("heads", "no-heads", "没有找到链头：请粘贴或上传保存的链头文件的内容。");
        }
        errors.throwIfAny();
        return heads;
    }

    /**
     * Whether each saved head still holds: its chain has that hash at that position, and the chain
     * verifies from the start (so from there) to its end now.
     */
    public List<HeadCheck> check(List<SavedHead> saved) {
        Map<String, ChainVerifier.ChainReport> reports = new LinkedHashMap<>();
        for (ChainVerifier.ChainReport report : verifier.verifyEach()) {
            reports.put(report.chain(), report);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            List<HeadCheck> checks = new ArrayList<>();
            for (SavedHead s : saved) {
                checks.add(check(s, reports.get(s.head().chain())));
            }
            return checks;
        });
    }

    private HeadCheck check(SavedHead saved, ChainVerifier.ChainReport report) {
        KeptHead head = saved.head();
        String name = CHAINS.get(head.chain());
        byte[] hash;
        if (head.position() == 0) {
            hash = ChainHash.GENESIS;
        } else {
            hash = hashAt(head.chain(), head.position());
            if (hash == null) {
                return new HeadCheck(
                        saved.line(),
                        head,
                        false,
                        "the chain has no row at position " + head.position() + ": rows were removed",
                        name + "上已没有第 " + head.position() + " 位：保存之后有记录被删除了。");
            }
        }
        if (!Arrays.equals(hash, HexFormat.of().parseHex(head.hash()))) {
            return new HeadCheck(
                    saved.line(),
                    head,
                    false,
                    "the row at position " + head.position() + " has another hash: the chain was rewritten up to there",
                    name + "第 " + head.position() + " 位的哈希值与保存的不同：这一位及之前的记录在保存之后被改写过（整条链随之重算）。");
        }
        if (report == null || !report.intact()) {
            String where = report == null || report.brokenAt() == null
                    ? ""
                    : report.brokenAt().detail();
            return new HeadCheck(
                    saved.line(),
                    head,
                    false,
                    "the chain does not verify from there to now",
                    name + "在保存的位置上哈希值相符，但此后链已断开：" + where);
        }
        return new HeadCheck(saved.line(), head, true, null, null);
    }

    /** The hash of the row at a position of a chain, or null when no row is there. */
    private byte[] hashAt(String chain, long position) {
        List<String> tables = chain.equals(AuditChain.ACCESS)
                ? List.of("access_log")
                : ChainVerifier.SHARING.stream()
                        .map(ChainVerifier.Source::table)
                        .toList();
        for (String table : tables) {
            Optional<byte[]> hash = jdbc.queryOne(
                    "select row_hash from " + table + " where chain_seq = ? order by id limit 1",
                    ps -> ps.setLong(1, position),
                    rs -> rs.getBytes(1));
            if (hash.isPresent()) {
                return hash.get();
            }
        }
        return null;
    }
}
