package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.RevealRules;
import org.communityhub.access.Roles;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.transport.ExportDirectory;
import org.communityhub.adapter.transport.ShipmentOutcome;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.error.ProblemException;
import org.communityhub.registry.place.DivisionNames;

/**
 * The files written for file platforms, for whoever uploads them: the platform's administrator
 * (every file), and — where the definition writes a file per street or community ({@code
 * transport.filesPer}) — the workers and supervisors whose area covers that file's street or
 * community. A download needs a purpose and is written to the access log, naming every resident in
 * the file, before a byte of it is sent.
 */
@ApplicationScoped
public class PlatformFiles {

    /** The most files listed for one platform, the newest. */
    static final int LISTED = 500;

    /** A file ready to send: where it is and what it is called. */
    public record Download(Path path, String fileName, String asciiFileName, String mediaType) {}

    private final Jdbc jdbc;
    private final Adapters adapters;
    private final DataDirectory data;
    private final DivisionNames divisions;
    private final RevealRules revealRules;
    private final AccessLog accessLog;
    private final Clock clock;

    PlatformFiles(
            Jdbc jdbc,
            Adapters adapters,
            DataDirectory data,
            DivisionNames divisions,
            RevealRules revealRules,
            AccessLog accessLog,
            Clock clock) {
        this.jdbc = jdbc;
        this.adapters = adapters;
        this.data = data;
        this.divisions = divisions;
        this.revealRules = revealRules;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** Records the files a shipment was written into, each with the residents it holds. */
    void recordWritten(String adapterId, List<ShipmentOutcome.WrittenFile> files, Map<String, UUID> residentByKey) {
        Path base = ExportDirectory.of(data, adapterId).toAbsolutePath().normalize();
        Instant now = clock.instant();
        for (ShipmentOutcome.WrittenFile f : files) {
            Path file = f.path().toAbsolutePath().normalize();
            if (!file.startsWith(base)) {
                continue; // a transport writing elsewhere: not a file the hub hands out
            }
            List<UUID> residents = f.recordKeys().stream()
                    .map(residentByKey::get)
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .toList();
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                size = 0;
            }
            long bytes = size;
            jdbc.update("""
                    insert into platform_file (adapter_id, area_code, path, written_at, records, resident_ids, size_bytes)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (adapter_id, path) do update set area_code = excluded.area_code,
                        written_at = excluded.written_at, records = excluded.records,
                        resident_ids = excluded.resident_ids, size_bytes = excluded.size_bytes, downloads = 0,
                        last_downloaded_at = null, last_downloaded_by = null
                    """, (c, ps) -> {
                ps.setString(1, adapterId);
                ps.setString(2, f.areaCode());
                ps.setString(3, base.relativize(file).toString().replace('\\', '/'));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setInt(5, f.recordKeys().size());
                ps.setArray(6, c.createArrayOf("uuid", residents.toArray()));
                ps.setLong(7, bytes);
            });
        }
    }

    /** Whether the actor may download some of the platform's files: its administrator, or its area's staff where the definition allows. */
    public boolean mayDownload(Actor actor, AdapterDefinition definition) {
        return actor.hasRole(Roles.ADAPTER_ADMIN) || byArea(actor, definition);
    }

    /** The platforms whose files the actor may download, in their order. */
    public List<AdapterDefinition> platformsFor(Actor actor) {
        return adapters.all().stream()
                .filter(d -> isFilePlatform(d) && mayDownload(actor, d))
                .toList();
    }

    /**
     * The platform's files the actor may download, newest first: 404 for an unknown platform, 403
     * when its files are for its administrator only (or for other areas' staff).
     */
    public List<PlatformFile> list(Actor actor, String adapterId) {
        AdapterDefinition definition = platform(actor, adapterId);
        return jdbc
                .query(
                        """
                        select id, area_code, path, written_at, records, size_bytes, downloads, last_downloaded_at,
                               last_downloaded_by
                        from platform_file
                        where adapter_id = ? and (? or area_code like any (?))
                        order by written_at desc, id desc limit ?
                        """,
                        (c, ps) -> {
                            // An area's staff get their own area's files only, the newest first.
                            boolean all = actor.hasRole(Roles.ADAPTER_ADMIN)
                                    || actor.scope().isEverywhere();
                            ps.setString(1, adapterId);
                            ps.setBoolean(2, all);
                            ps.setArray(
                                    3, c.createArrayOf("varchar", actor.scope().likePatterns()));
                            ps.setInt(4, LISTED);
                        },
                        rs -> new Row(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getInt(5),
                                rs.getLong(6),
                                rs.getInt(7),
                                rs.getTimestamp(8) == null
                                        ? null
                                        : rs.getTimestamp(8).toInstant(),
                                rs.getString(9)))
                .stream()
                .filter(r -> mayHave(actor, definition, r.areaCode()))
                .map(r -> view(definition, r))
                .toList();
    }

    /**
     * One file for the actor to download, logged: 404 for an unknown platform or file, 403 for a
     * file of another area or one the actor may not download, 422 without a purpose (or its note),
     * 410 when the file is no longer on the server. The access log names every resident in the file
     * and the platform's fields, with the purpose, before the file is handed out.
     */
    public Download download(Actor actor, String adapterId, String fileId, String purpose, String note) {
        AdapterDefinition definition = platform(actor, adapterId);
        long id;
        try {
            id = Long.parseLong(fileId);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("平台文件");
        }
        List<Object[]> rows = jdbc.query(
                "select area_code, path, resident_ids from platform_file where adapter_id = ? and id = ?",
                ps -> {
                    ps.setString(1, adapterId);
                    ps.setLong(2, id);
                },
                rs -> new Object[] {
                    rs.getString(1), rs.getString(2), rs.getArray(3).getArray()
                });
        if (rows.isEmpty()) {
            throw ProblemException.notFound("平台文件");
        }
        String area = (String) rows.get(0)[0];
        String relative = (String) rows.get(0)[1];
        UUID[] residents = (UUID[]) rows.get(0)[2];
        if (!mayHave(actor, definition, area)) {
            throw ProblemException.forbidden("file-outside-area", "该文件属于" + areaWords(area) + "，不在您负责的范围内，不能下载。");
        }
        Reveal why = revealRules.checkFile(actor, null, purpose, note);
        Path base = ExportDirectory.of(data, adapterId).toAbsolutePath().normalize();
        Path file = base.resolve(relative).normalize();
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
            throw new ProblemException(410, "file-gone", "Gone", "该文件已不在服务器上（可能已被清理）；请联系平台管理员重新生成。");
        }
        accessLog.record(
                actor,
                AccessLog.Action.EXPORT,
                "GET /api/v1/adapters/" + adapterId + "/files/" + id,
                Arrays.asList(residents),
                definition.fieldNames().stream().map(f -> adapterId + ":" + f).toList(),
                why);
        jdbc.update(
                "update platform_file set downloads = downloads + 1, last_downloaded_at = ?, last_downloaded_by = ?"
                        + " where id = ?",
                (c, ps) -> {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setString(2, actor.username());
                    ps.setLong(3, id);
                });
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
        return new Download(file, name, adapterId + "_" + id + extension, mediaType(extension));
    }

    private record Row(
            long id,
            String areaCode,
            String path,
            Instant writtenAt,
            int records,
            long sizeBytes,
            int downloads,
            Instant lastDownloadedAt,
            String lastDownloadedBy) {}

    private PlatformFile view(AdapterDefinition definition, Row r) {
        Path base = ExportDirectory.of(data, definition.id()).toAbsolutePath().normalize();
        Path file = base.resolve(r.path()).normalize();
        return new PlatformFile(
                r.id(),
                definition.id(),
                file.getFileName().toString(),
                r.areaCode(),
                r.areaCode() == null ? null : divisions.name(r.areaCode()),
                r.writtenAt(),
                r.records(),
                r.sizeBytes(),
                r.downloads(),
                r.lastDownloadedAt(),
                r.lastDownloadedBy(),
                r.downloads() == 0,
                file.startsWith(base) && Files.isRegularFile(file));
    }

    private AdapterDefinition platform(Actor actor, String adapterId) {
        AdapterDefinition definition = adapters.find(adapterId).orElseThrow(() -> ProblemException.notFound("平台"));
        if (!isFilePlatform(definition)) {
            throw ProblemException.notFound("平台文件");
        }
        if (!mayDownload(actor, definition)) {
            throw ProblemException.forbidden(
                    "platform-files-admin-only", "“" + definition.name() + "”的文件只由平台管理员下载和上传。");
        }
        return definition;
    }

    /** Whether the actor may have a file of this area: the administrator any, the area's staff their own. */
    private boolean mayHave(Actor actor, AdapterDefinition definition, String area) {
        if (actor.hasRole(Roles.ADAPTER_ADMIN)) {
            return true;
        }
        return area != null && byArea(actor, definition) && actor.covers(area);
    }

    private static boolean byArea(Actor actor, AdapterDefinition definition) {
        return isFilePlatform(definition)
                && !definition.transport().text("filesPer").orElse("platform").equals("platform")
                && (actor.hasRole(Roles.WORKER) || actor.hasRole(Roles.SUPERVISOR));
    }

    private static boolean isFilePlatform(AdapterDefinition definition) {
        String type = definition.transport().type();
        return "xlsx-file".equals(type) || "csv-file".equals(type);
    }

    private String areaWords(String area) {
        if (area == null) {
            return "整个平台";
        }
        String name = divisions.name(area);
        return name == null ? area : name;
    }

    private static String mediaType(String extension) {
        return switch (extension) {
            case ".xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case ".csv" -> "text/csv";
            default -> "application/octet-stream";
        };
    }
}
