package org.communityhub.reports;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.adapter.Adapters;
import org.communityhub.audit.chain.ChainHeads;
import org.communityhub.audit.chain.ChainVerifications;
import org.communityhub.audit.chain.ChainVerifier;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.resident.ResidentFinder;
import org.communityhub.registry.resident.ResidentQueries;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 审计: the auditor's pages over what {@link AuditResource} serves as JSON, with the same services,
 * filters and limits (residents by id only, the auditor's area, no personal data unmasked): the
 * sharing ledger, the access log, alerts, chain verification with the over-sharing check, a
 * resident's disclosure history and the monthly sharing report with its workbook. Filters are GET
 * forms, so every list can be bookmarked.
 */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.AUDITOR)
public class AuditPage {

    /**
     * A filter form as the auditor typed it, with the problems of its values. Field names are the
     * API's query parameters, so the services' field errors land next to their fields.
     */
    public record Form(Map<String, String> values, List<FieldError> errors) {

        static Form of(String... namesAndValues) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                String v = namesAndValues[i + 1];
                values.put(namesAndValues[i], v == null ? "" : v.strip());
            }
            return new Form(values, List.of());
        }

        /** This form with the field errors of a 422; any other problem goes on to the error page. */
        Form failed(ProblemException problem) {
            if (problem.status() != 422) {
                throw problem;
            }
            return new Form(values, problem.errors());
        }

        Form failed(String field, String message) {
            return new Form(values, List.of(new FieldError(field, "invalid", message)));
        }

        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        public boolean invalid(String name) {
            return errors.stream().anyMatch(e -> e.field().equals(name));
        }

        /** The messages for a field, joined; empty when it is fine. */
        public String error(String name) {
            return String.join(
                    " ",
                    errors.stream()
                            .filter(e -> e.field().equals(name))
                            .map(FieldError::message)
                            .toList());
        }

        /** Problems with values that have no field on the form (a page number typed into the address). */
        public List<FieldError> others() {
            return errors.stream().filter(e -> !values.containsKey(e.field())).toList();
        }

        public boolean ok() {
            return errors.isEmpty();
        }

        /** The address of another page of the same list. */
        String link(String path, int page) {
            StringBuilder query = new StringBuilder();
            values.forEach((name, value) -> {
                if (!value.isEmpty()) {
                    query.append(query.length() == 0 ? "?" : "&")
                            .append(name)
                            .append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            if (page > 0) {
                query.append(query.length() == 0 ? "?" : "&").append("page=").append(page);
            }
            return path + query;
        }
    }

    /** Where a list stands: page n of m (shown from 1), with the addresses of its neighbours. */
    public record Pager(long total, int shown, long pages, String previous, String next) {

        static Pager of(Page<?> page, Form form, String path) {
            long pages = Math.max(1, (page.total() + page.size() - 1) / page.size());
            return new Pager(
                    page.total(),
                    page.page() + 1,
                    pages,
                    page.page() > 0 ? form.link(path, page.page() - 1) : null,
                    page.page() + 1 < pages ? form.link(path, page.page() + 1) : null);
        }
    }

    /** A platform as the filter offers it. */
    public record Platform(String id, String name) {}

    /** The platforms the hub delivers to, and the names of those it no longer does by their id. */
    public record Platforms(List<Platform> all) {
        public String name(String id) {
            return all.stream()
                    .filter(p -> p.id().equals(id))
                    .map(Platform::name)
                    .findFirst()
                    .orElse(id);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ledger(
                Form form,
                Page<LedgerEntry> rows,
                Pager pager,
                Platforms platforms,
                ResidentFinder.Found found,
                Map<UUID, String> names);

        static native TemplateInstance access(
                Form form,
                Page<AccessEntry> rows,
                Pager pager,
                List<String> actions,
                ResidentFinder.Found found,
                Map<UUID, String> names);

        static native TemplateInstance alerts(Form form, Page<AccessAlert> rows, Pager pager);

        static native TemplateInstance verify(List<ChainHeads.KeptHead> heads, String directory);

        static native TemplateInstance headsResult(List<ChainHeads.HeadCheck> checks, List<FieldError> errors);

        static native TemplateInstance verifyResult(
                ChainVerifier.Report report, List<OverSharing> overSharing, Platforms platforms);

        static native TemplateInstance disclosures(
                Form form, Page<Disclosure> rows, Pager pager, Platforms platforms, ResidentFinder.Found found);

        static native TemplateInstance reports(Form form, SharingReport report, String download, Platforms platforms);
    }

    private final AuditQueries queries;
    private final ChainVerifications verifications;
    private final ChainHeads heads;
    private final SharingReports reports;
    private final ResidentQueries residents;
    private final ResidentDisclosures disclosures;
    private final ResidentFinder finder;
    private final Adapters adapters;
    private final CurrentActor current;
    private final Clock clock;

    AuditPage(
            AuditQueries queries,
            ChainVerifications verifications,
            ChainHeads heads,
            SharingReports reports,
            ResidentQueries residents,
            ResidentDisclosures disclosures,
            ResidentFinder finder,
            Adapters adapters,
            CurrentActor current,
            Clock clock) {
        this.queries = queries;
        this.verifications = verifications;
        this.heads = heads;
        this.reports = reports;
        this.residents = residents;
        this.disclosures = disclosures;
        this.finder = finder;
        this.adapters = adapters;
        this.current = current;
        this.clock = clock;
    }

    @GET
    public Response index() {
        return Response.seeOther(URI.create("/audit/ledger")).build();
    }

    /** 共享台账: every record sent, newest first. */
    @GET
    @Path("ledger")
    public Response ledger(
            @QueryParam("adapter") String adapter,
            @QueryParam("resident") String resident,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page) {
        Form form = Form.of("adapter", adapter, "resident", resident, "from", from, "to", to);
        Actor actor = current.get();
        ResidentFinder.Found found = find(actor, resident);
        if (found != null && found.error() != null) {
            Form failed = notFound(
                    form,
                    "resident",
                    found.error(),
                    () -> AuditFilters.parse(adapter, null, null, null, from, to, clock.getZone()));
            return invalid(Templates.ledger(failed, null, null, platforms(), found, Map.of()));
        }
        if (found != null && found.several()) {
            return ok(Templates.ledger(form, null, null, platforms(), found, Map.of()));
        }
        try {
            AuditQueries.Filter filter =
                    AuditFilters.parse(adapter, null, idOf(found), null, from, to, clock.getZone());
            Page<LedgerEntry> rows = queries.ledger(actor, filter, PageRequest.of(page, null));
            Map<UUID, String> names = residents.names(
                    actor, rows.items().stream().map(LedgerEntry::residentId).toList(), "GET /audit/ledger");
            return ok(Templates.ledger(form, rows, Pager.of(rows, form, "/audit/ledger"), platforms(), found, names));
        } catch (ProblemException e) {
            return refused(e, Templates.ledger(form.failed(e), null, null, platforms(), found, Map.of()));
        }
    }

    /** 访问日志: reads of personal data, reveals and exports, newest first. */
    @GET
    @Path("access")
    public Response access(
            @QueryParam("user") String user,
            @QueryParam("resident") String resident,
            @QueryParam("action") String action,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page) {
        Form form = Form.of("user", user, "resident", resident, "action", action, "from", from, "to", to);
        Actor actor = current.get();
        ResidentFinder.Found found = find(actor, resident);
        if (found != null && found.error() != null) {
            Form failed = notFound(
                    form,
                    "resident",
                    found.error(),
                    () -> AuditFilters.parse(null, user, null, action, from, to, clock.getZone()));
            return invalid(Templates.access(failed, null, null, AuditFilters.ACTIONS, found, Map.of()));
        }
        if (found != null && found.several()) {
            return ok(Templates.access(form, null, null, AuditFilters.ACTIONS, found, Map.of()));
        }
        try {
            AuditQueries.Filter filter = AuditFilters.parse(null, user, idOf(found), action, from, to, clock.getZone());
            Page<AccessEntry> rows = queries.accessLog(actor.scope(), filter, PageRequest.of(page, null));
            // Who each entry was about, by name, where it was about a few.
            List<UUID> named = rows.items().stream()
                    .filter(e -> e.residentIds().size() <= NAMED_PER_ENTRY)
                    .flatMap(e -> e.residentIds().stream())
                    .toList();
            Map<UUID, String> names = residents.names(actor, named, "GET /audit/access");
            return ok(Templates.access(
                    form, rows, Pager.of(rows, form, "/audit/access"), AuditFilters.ACTIONS, found, names));
        } catch (ProblemException e) {
            return refused(e, Templates.access(form.failed(e), null, null, AuditFilters.ACTIONS, found, Map.of()));
        }
    }

    /** 告警: unusual use of personal data. */
    @GET
    @Path("alerts")
    public Response alerts(
            @QueryParam("user") String user,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page) {
        Form form = Form.of("user", user, "from", from, "to", to);
        try {
            AuditQueries.Filter filter = AuditFilters.parse(null, user, null, null, from, to, clock.getZone());
            Page<AccessAlert> rows = queries.alerts(current.get().scope(), filter, PageRequest.of(page, null));
            return ok(Templates.alerts(form, rows, Pager.of(rows, form, "/audit/alerts")));
        } catch (ProblemException e) {
            return refused(e, Templates.alerts(form.failed(e), null, null));
        }
    }

    /** 完整性校验: the button; the check itself runs when it is pressed. */
    @GET
    @Path("verify")
    public TemplateInstance verify() {
        return Templates.verify(heads.current(), heads.directory().toString());
    }

    /** Recomputes both hash chains and runs the over-sharing check; answers the result's fragment. */
    @POST
    @Path("verify")
    public TemplateInstance runVerify() {
        return Templates.verifyResult(
                verifications.verifyAndRecord(ChainVerifications.RequestedBy.AUDITOR),
                queries.overSharing(),
                platforms());
    }

    /** The biggest heads file the page takes: a year of daily files is about 100 KB. */
    private static final long MAX_HEADS_FILE = 1024 * 1024;

    /** 核对链头: saved heads, pasted or uploaded, against the chains now. */
    @POST
    @Path("verify/heads")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response checkHeads(@RestForm("heads") String pasted, @RestForm("file") FileUpload file) {
        StringBuilder text = new StringBuilder(pasted == null ? "" : pasted);
        if (file != null && file.uploadedFile() != null && file.size() > 0) {
            if (file.size() > MAX_HEADS_FILE) {
                return refused(ProblemException.invalid("file", "file-too-large", "链头文件过大：一次最多 1 MB，请分批核对。"), null);
            }
            try {
                text.append('\n')
                        .append(StandardCharsets.UTF_8
                                .newDecoder()
                                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file.uploadedFile()))));
            } catch (CharacterCodingException e) {
                return refused(ProblemException.invalid("file", "not-text", "链头文件不是 UTF-8 文本：请上传系统写出的 .txt 文件。"), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return ok(Templates.headsResult(heads.check(ChainHeads.parse(text.toString())), List.of()));
        } catch (ProblemException e) {
            return refused(e, null);
        }
    }

    /** 居民披露记录: which platforms received a resident's data; the read is logged as the API's is. */
    @GET
    @Path("disclosures")
    public Response disclosures(@QueryParam("residentId") String residentId, @QueryParam("page") String page) {
        Form form = Form.of("residentId", residentId);
        if (form.value("residentId").isEmpty()) {
            return ok(Templates.disclosures(form, null, null, platforms(), null));
        }
        Actor actor = current.get();
        ResidentFinder.Found found = find(actor, residentId);
        if (found.error() != null) {
            return invalid(
                    Templates.disclosures(form.failed("residentId", found.error()), null, null, platforms(), found));
        }
        if (found.several()) {
            return ok(Templates.disclosures(form, null, null, platforms(), found));
        }
        try {
            Page<Disclosure> rows = disclosures.of(actor, found.id(), PageRequest.of(page, null));
            ResidentFinder.Found named = found.choices().isEmpty()
                    ? new ResidentFinder.Found(
                            found.typed(),
                            found.id(),
                            List.of(),
                            1,
                            null,
                            residents
                                    .names(actor, List.of(found.id()), "GET /audit/disclosures")
                                    .get(found.id()))
                    : found;
            return ok(
                    Templates.disclosures(form, rows, Pager.of(rows, form, "/audit/disclosures"), platforms(), named));
        } catch (ProblemException e) {
            Form failed = e.status() == 404 ? form.failed("residentId", e.getMessage()) : form.failed(e);
            return refused(e, Templates.disclosures(failed, null, null, platforms(), found));
        }
    }

    /** 月度报告: what left the hub in a month, platform by platform. */
    @GET
    @Path("reports")
    public Response report(@QueryParam("month") String month) {
        YearMonth thisMonth = YearMonth.now(clock);
        Form form = Form.of("month", month == null || month.isBlank() ? thisMonth.toString() : month);
        try {
            YearMonth m = month(month);
            SharingReport report = queries.report(current.get().scope(), m, clock.getZone());
            return ok(Templates.reports(form, report, "/audit/reports/xlsx?month=" + m, platforms()));
        } catch (ProblemException e) {
            return refused(e, Templates.reports(form.failed(e), null, null, platforms()));
        }
    }

    /** The month's report as the same workbook the API gives, to download with the session cookie. */
    @GET
    @Path("reports/xlsx")
    @Produces(AuditResource.XLSX)
    public Response reportWorkbook(@QueryParam("month") String month) {
        SharingReport report = queries.report(current.get().scope(), month(month), clock.getZone());
        return Response.ok(reports.xlsx(report), AuditResource.XLSX)
                .header("Content-Disposition", reports.contentDisposition(report))
                .build();
    }

    /** How many residents of an access-log entry are named; an entry about more shows their number. */
    static final int NAMED_PER_ENTRY = 3;

    /** The resident a filter names (by name, ID number, address or id), or null when it names none. */
    private ResidentFinder.Found find(Actor actor, String typed) {
        return typed == null || typed.isBlank() ? null : finder.find(actor, typed);
    }

    /** The form with the resident not found, and the problems of its other values too. */
    private static Form notFound(Form form, String field, String message, Runnable otherChecks) {
        List<FieldError> errors = new java.util.ArrayList<>();
        errors.add(new FieldError(field, "not-found", message));
        try {
            otherChecks.run();
        } catch (ProblemException e) {
            if (e.status() != 422) {
                throw e;
            }
            errors.addAll(e.errors());
        }
        return new Form(form.values(), errors);
    }

    private static String idOf(ResidentFinder.Found found) {
        return found == null ? null : found.id().toString();
    }

    private static Response invalid(TemplateInstance page) {
        return Response.status(422).entity(page).type(MediaType.TEXT_HTML_TYPE).build();
    }

    private YearMonth month(String raw) {
        FieldErrors errors = new FieldErrors();
        YearMonth m = AuditFilters.month(raw, YearMonth.now(clock), errors);
        errors.throwIfAny();
        return m;
    }

    private Platforms platforms() {
        return new Platforms(
                adapters.all().stream().map(d -> new Platform(d.id(), d.name())).toList());
    }

    private static Response ok(TemplateInstance page) {
        return Response.ok(page).build();
    }

    /**
     * A form sent back with what was wrong, with the status the API answers the same values with;
     * without a page, the heads check's answer with the problems.
     */
    private static Response refused(ProblemException problem, TemplateInstance page) {
        if (page == null) {
            if (problem.status() != 422) {
                throw problem;
            }
            page = Templates.headsResult(List.of(), problem.errors());
        }
        return Response.status(problem.status())
                .entity(page)
                .type(MediaType.TEXT_HTML_TYPE)
                .build();
    }
}
