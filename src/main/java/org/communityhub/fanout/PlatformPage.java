package org.communityhub.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.resident.ResidentFinder;
import org.communityhub.registry.resident.ResidentListItem;
import org.communityhub.registry.resident.ResidentQueries;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 平台: the platforms for their administrator. A list of every platform with how its deliveries
 * stand, and a page per platform with its definition, run now / pause / resume / resync, its
 * dead letters with replay, and a preview of what it would get for one resident.
 */
@Path("/platforms")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADAPTER_ADMIN)
public class PlatformPage {

    /** Dead letters shown per page. */
    static final int DEAD_PAGE_SIZE = 20;

    /**
     * What the preview form shows: the resident as typed (a name, an ID number, an address), the
     * message next to it when no preview was made, the residents to choose from when several
     * match, and the preview of the one found, named, with its payload and difference written out.
     */
    public record PreviewForm(
            String resident,
            String error,
            List<ResidentListItem> choices,
            boolean more,
            String shownName,
            PayloadPreview preview,
            String payload,
            String diff) {

        static PreviewForm empty() {
            return new PreviewForm("", null, List.of(), false, null, null, null, null);
        }

        static PreviewForm refused(String typed, String error) {
            return new PreviewForm(typed, error, List.of(), false, null, null, null, null);
        }

        public boolean shown() {
            return preview != null;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<AdapterStatus> platforms);

        static native TemplateInstance detail(
                AdapterStatus platform,
                Page<DeliveryItem> dead,
                Map<UUID, String> names,
                PreviewForm form,
                String done,
                List<PlatformFile> files);

        static native TemplateInstance files(List<FileGroup> groups);

        static native TemplateInstance detail$state(AdapterStatus platform, String done);

        static native TemplateInstance detail$dead(
                AdapterStatus platform, Page<DeliveryItem> dead, Map<UUID, String> names, String done);

        static native TemplateInstance detail$preview(AdapterStatus platform, PreviewForm form);

        static native TemplateInstance check(CheckForm form);

        static native TemplateInstance check$form(CheckForm form);
    }

    /**
     * What the check form shows: the definition as it was checked (kept in the text box, to be
     * fixed), the reason nothing was checked, or the check's answer with each previewed record
     * written out as JSON.
     */
    public record CheckForm(String text, String error, DefinitionCheck result, List<String> records) {

        static CheckForm empty() {
            return new CheckForm("", null, null, List.of());
        }

        static CheckForm refused(String text, String error) {
            return new CheckForm(text, error, null, List.of());
        }

        public boolean checked() {
            return result != null;
        }
    }

    /** The longest definition the check takes: a platform's definition is a few KB. */
    static final int MAX_DEFINITION_BYTES = 256 * 1024;

    /** One platform's files on the page of files to upload, and how its files are cut (per street, …). */
    public record FileGroup(String id, String name, String per, List<PlatformFile> files) {}

    private final AdapterOperations operations;
    private final ResidentFinder finder;
    private final ResidentQueries residents;
    private final PlatformFiles platformFiles;
    private final CurrentActor current;
    private final DefinitionCheckService checks;
    private final ObjectMapper json =
            new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT);

    PlatformPage(
            AdapterOperations operations,
            ResidentFinder finder,
            ResidentQueries residents,
            PlatformFiles platformFiles,
            CurrentActor current,
            DefinitionCheckService checks) {
        this.checks = checks;
        this.operations = operations;
        this.finder = finder;
        this.residents = residents;
        this.platformFiles = platformFiles;
        this.current = current;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(operations.list());
    }

    /** 检查平台定义: a definition pasted or uploaded, checked as the hub would read it. */
    @GET
    @Path("check")
    public TemplateInstance checkPage() {
        return Templates.check(CheckForm.empty());
    }

    /**
     * The check form's answer (htmx): the same check as {@code POST /api/v1/adapters/check}, with
     * the text checked back in the text box. An uploaded file replaces what was pasted.
     */
    @POST
    @Path("check")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public TemplateInstance check(@RestForm("definition") String pasted, @RestForm("file") FileUpload file) {
        String text = pasted == null ? "" : pasted;
        if (file != null && file.uploadedFile() != null && file.size() > 0) {
            if (file.size() > MAX_DEFINITION_BYTES) {
                return Templates.check$form(
                        CheckForm.refused(text, "文件过大：平台定义一般只有几 KB，最多 256 KB。请确认选的是 adapter.yaml。"));
            }
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file.uploadedFile())))
                        .toString();
            } catch (CharacterCodingException e) {
                return Templates.check$form(
                        CheckForm.refused(text, "文件不是 UTF-8 编码：请用 UTF-8 保存后再上传（记事本“另存为”时编码选 UTF-8）。"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isBlank()) {
            return Templates.check$form(CheckForm.refused(text, "请粘贴平台定义的内容，或选择一个定义文件。"));
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_DEFINITION_BYTES) {
            return Templates.check$form(CheckForm.refused(text, "定义过长：平台定义一般只有几 KB，最多 256 KB。"));
        }
        DefinitionCheck result = checks.check(current.get(), text, "POST /platforms/check");
        return Templates.check$form(new CheckForm(
                text,
                null,
                result,
                result.preview().stream().map(p -> write(p.fields())).toList()));
    }

    /**
     * The platform; with {@code resident} (the preview form sent without htmx, or a dead letter's
     * link; {@code residentId} in older links) its preview too.
     */
    @GET
    @Path("{id}")
    public TemplateInstance detail(
            @PathParam("id") String id,
            @QueryParam("page") String page,
            @QueryParam("resident") String resident,
            @QueryParam("residentId") String residentId) {
        AdapterStatus platform = operations.get(id);
        if (platform.name() == null) {
            // A definition file that never was valid: only its problems to show.
            return Templates.detail(
                    platform,
                    new Page<>(List.of(), 0, 0, DEAD_PAGE_SIZE),
                    Map.of(),
                    PreviewForm.empty(),
                    null,
                    List.of());
        }
        String typed = resident != null ? resident : residentId;
        PreviewForm form = typed == null ? PreviewForm.empty() : preview(id, typed);
        Page<DeliveryItem> dead = deadLetters(id, page);
        return Templates.detail(platform, dead, names(dead), form, null, files(platform));
    }

    /** 上报文件: the files of every platform the user uploads to, by platform. */
    @GET
    @Path("files")
    @RolesAllowed({Roles.ADAPTER_ADMIN, Roles.SUPERVISOR, Roles.WORKER})
    public TemplateInstance files() {
        Actor actor = current.get();
        return Templates.files(platformFiles.platformsFor(actor).stream()
                .map(d -> new FileGroup(
                        d.id(),
                        d.name(),
                        switch (d.transport().text("filesPer").orElse("platform")) {
                            case "street" -> "每个街道一个文件";
                            case "community" -> "每个社区一个文件";
                            default -> "整个平台一个文件";
                        },
                        platformFiles.list(actor, d.id())))
                .toList());
    }

    /**
     * One file, downloaded from the page with the purpose chosen there; written to the access log
     * like every export.
     */
    @GET
    @Path("{id}/files/{fileId}")
    @Produces({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"})
    @RolesAllowed({Roles.ADAPTER_ADMIN, Roles.SUPERVISOR, Roles.WORKER})
    public Response download(
            @PathParam("id") String id,
            @PathParam("fileId") String fileId,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        return PlatformFileResource.response(platformFiles.download(current.get(), id, fileId, purpose, purposeNote));
    }

    private List<PlatformFile> files(AdapterStatus platform) {
        if (!"xlsx-file".equals(platform.transport()) && !"csv-file".equals(platform.transport())) {
            return List.of();
        }
        return platformFiles.list(current.get(), platform.id());
    }

    @POST
    @Path("{id}/run")
    public TemplateInstance runNow(@PathParam("id") String id) {
        int due = operations.runNow(id);
        return Templates.detail$state(
                operations.get(id), due == 0 ? "已开始运行：目前没有等待发送的投递。" : "已开始运行：" + due + " 条投递即刻发送。");
    }

    @POST
    @Path("{id}/pause")
    public TemplateInstance pause(@PathParam("id") String id) {
        return Templates.detail$state(operations.pause(current.get(), id), "已暂停：新的变化仍会排队，恢复后再发送。");
    }

    @POST
    @Path("{id}/resume")
    public TemplateInstance resume(@PathParam("id") String id) {
        return Templates.detail$state(operations.resume(current.get(), id), "已恢复：排队的投递将按计划发送。");
    }

    @POST
    @Path("{id}/resync")
    public TemplateInstance resync(@PathParam("id") String id) {
        int queued = operations.resync(current.get(), id);
        return Templates.detail$state(operations.get(id), "已安排全量重发：" + queued + " 位居民的数据将重新发送。");
    }

    @POST
    @Path("{id}/dead/replay")
    public TemplateInstance replayAll(@PathParam("id") String id) {
        int replayed = operations.replay(current.get(), id, null);
        Page<DeliveryItem> dead = deadLetters(id, null);
        return Templates.detail$dead(operations.get(id), dead, names(dead), replayedMessage(replayed));
    }

    @POST
    @Path("{id}/dead/{deliveryId}/replay")
    public TemplateInstance replay(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        long delivery;
        try {
            delivery = Long.parseLong(deliveryId);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("死信投递");
        }
        int replayed = operations.replay(current.get(), id, delivery);
        Page<DeliveryItem> dead = deadLetters(id, null);
        return Templates.detail$dead(operations.get(id), dead, names(dead), replayedMessage(replayed));
    }

    /** The preview form's answer (htmx): the preview, or the reason there is none next to the field. */
    @GET
    @Path("{id}/preview")
    public TemplateInstance previewFragment(@PathParam("id") String id, @QueryParam("resident") String resident) {
        return Templates.detail$preview(operations.get(id), preview(id, resident));
    }

    private PreviewForm preview(String id, String typed) {
        Actor actor = current.get();
        ResidentFinder.Found found = finder.find(actor, typed);
        if (found.error() != null) {
            return PreviewForm.refused(found.typed(), found.error());
        }
        if (found.several()) {
            return new PreviewForm(found.typed(), null, found.choices(), found.more(), null, null, null, null);
        }
        try {
            PayloadPreview preview = operations.preview(actor, id, found.id());
            String name = found.choices().isEmpty()
                    ? residents
                            .names(actor, List.of(found.id()), "GET /platforms/{id}/preview")
                            .get(found.id())
                    : found.choices().get(0).name();
            return new PreviewForm(
                    found.typed(), null, List.of(), false, name, preview, write(preview.fields()), diff(preview));
        } catch (ProblemException e) {
            if (e.status() != 404) {
                throw e;
            }
            // The service's own words: unknown, or outside the administrator's area (it does not say which).
            return PreviewForm.refused(found.typed(), e.getMessage());
        }
    }

    private Page<DeliveryItem> deadLetters(String id, String page) {
        return operations.deliveries(id, "DEAD", PageRequest.of(page, Integer.toString(DEAD_PAGE_SIZE)));
    }

    /** The dead letters' residents by name (those in the administrator's area). */
    private Map<UUID, String> names(Page<DeliveryItem> dead) {
        return residents.names(
                current.get(),
                dead.items().stream().map(DeliveryItem::residentId).toList(),
                "GET /platforms/{id} (dead letters)");
    }

    private static String replayedMessage(int replayed) {
        return replayed == 0 ? "没有重放：这些死信已有更新的投递取代。" : "已重放 " + replayed + " 条死信，它们将重新发送。";
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A preview could not be written as JSON", e);
        }
    }

    /** The fields that differ from the last delivery, one a line: {@code 字段：上次 → 现在}. */
    private static String diff(PayloadPreview preview) {
        StringBuilder out = new StringBuilder();
        for (PayloadPreview.Difference d : preview.differences()) {
            out.append(d.field())
                    .append("：")
                    .append(shown(d.delivered()))
                    .append(" → ")
                    .append(shown(d.now()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String shown(Object value) {
        return value == null ? "（无）" : Objects.toString(value);
    }

    /**
     * How the platform pages word things: {@code platforms:age(seconds)}, {@code
     * platforms:schedule(cron)}, {@code platforms:transport(type)}, {@code platforms:status(s)}.
     */
    @TemplateExtension(namespace = "platforms")
    static final class Wording {

        private static final Map<String, String> STATUS = Map.of(
                "PENDING", "待发送",
                "SENDING", "发送中",
                "FAILED", "失败待重试",
                "DEAD", "死信");
        private static final Map<String, String> TRANSPORT = Map.of(
                "http-json", "接口推送（HTTP JSON）",
                "xlsx-file", "Excel 导入文件",
                "csv-file", "CSV 导入文件");
        private static final String[] WEEKDAYS = {"日", "一", "二", "三", "四", "五", "六", "日"};
        private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");
        private static final Pattern EVERY_MINUTES = Pattern.compile("\\*/(\\d{1,2})");

        private Wording() {}

        /** How long the oldest waiting delivery has waited, e.g. 3 分钟, 2 小时 5 分钟, 1 天 4 小时. */
        static String age(Long seconds) {
            if (seconds == null) {
                return "—";
            }
            long s = Math.max(0, seconds);
            if (s < 60) {
                return s + " 秒";
            }
            long minutes = s / 60;
            if (minutes < 60) {
                return minutes + " 分钟";
            }
            long hours = minutes / 60;
            if (hours < 24) {
                return hours + " 小时" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " 分钟");
            }
            return hours / 24 + " 天" + (hours % 24 == 0 ? "" : " " + hours % 24 + " 小时");
        }

        /** A file's size: 12 KB, 3.4 MB. */
        static String size(long bytes) {
            if (bytes < 1024) {
                return bytes + " B";
            }
            if (bytes < 1024 * 1024) {
                return (bytes + 1023) / 1024 + " KB";
            }
            return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
        }

        /** Whether a later page of the list exists. */
        static boolean hasNext(Page<?> page) {
            return (long) (page.page() + 1) * page.size() < page.total();
        }

        static String status(String status) {
            return STATUS.getOrDefault(status, status);
        }

        static String transport(String type) {
            String known = TRANSPORT.get(type);
            return known != null ? known : "自定义传输（" + type + "）";
        }

        /** A cron schedule in words where it is a common one; the expression itself otherwise. */
        static String schedule(String cron) {
            if (cron == null || cron.isBlank()) {
                return "有变化即发送";
            }
            String[] f = cron.trim().split("\\s+");
            if (f.length != 5) {
                return cron;
            }
            if (cron.trim().equals("* * * * *")) {
                return "每分钟";
            }
            Matcher every = EVERY_MINUTES.matcher(f[0]);
            if (every.matches() && "* * * *".equals(String.join(" ", f[1], f[2], f[3], f[4]))) {
                return "每 " + every.group(1) + " 分钟";
            }
            if (!NUMBER.matcher(f[0]).matches() || !NUMBER.matcher(f[1]).matches()) {
                return cron;
            }
            String time = String.format("%02d:%02d", Integer.parseInt(f[1]), Integer.parseInt(f[0]));
            boolean anyDay = f[2].equals("*");
            boolean anyMonth = f[3].equals("*");
            boolean anyWeekday = f[4].equals("*");
            if (anyDay && anyMonth && anyWeekday) {
                return "每天 " + time;
            }
            if (anyDay && anyMonth && f[4].matches("[0-7]")) {
                return "每周" + WEEKDAYS[Integer.parseInt(f[4])] + " " + time;
            }
            if (NUMBER.matcher(f[2]).matches() && anyMonth && anyWeekday) {
                return "每月 " + Integer.parseInt(f[2]) + " 日 " + time;
            }
            if (NUMBER.matcher(f[2]).matches() && f[3].matches("\\d{1,2}(,\\d{1,2})+") && anyWeekday) {
                return f[3].replace(",", "、") + " 月的 " + Integer.parseInt(f[2]) + " 日 " + time;
            }
            return cron;
        }
    }
}
