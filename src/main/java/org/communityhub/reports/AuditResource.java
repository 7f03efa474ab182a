package org.communityhub.reports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.audit.chain.ChainHeads;
import org.communityhub.audit.chain.ChainVerifications;
import org.communityhub.audit.chain.ChainVerifier;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The auditor's view (read-only, residents by id only): the sharing ledger, the access log, chain
 * verification, the monthly sharing report, the over-sharing check and alerts.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AUDITOR)
@Tag(name = "Audit", description = "数据共享台账、个人信息访问日志、哈希链校验、共享报表、超范围共享检查、异常告警")
public class AuditResource {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final AuditQueries queries;
    private final ChainVerifications verifications;
    private final ChainHeads heads;
    private final SharingReports reports;
    private final CurrentActor current;
    private final Clock clock;

    AuditResource(
            AuditQueries queries,
            ChainVerifications verifications,
            ChainHeads heads,
            SharingReports reports,
            CurrentActor current,
            Clock clock) {
        this.queries = queries;
        this.verifications = verifications;
        this.heads = heads;
        this.reports = reports;
        this.current = current;
        this.clock = clock;
    }

    @GET
    @Path("ledger")
    @Operation(
            summary = "The sharing ledger: every record sent, with platform, definition version, legal basis, fields"
                    + " and answer; newest first. from/to are days (yyyy-MM-dd, inclusive).")
    public Page<LedgerEntry> ledger(
            @QueryParam("adapter") String adapter,
            @QueryParam("resident") String resident,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        PageRequest paging = PageRequest.of(page, size);
        AuditQueries.Filter filter = filter(adapter, null, resident, null, from, to);
        // Restricted tags show to auditors granted them (hub.privacy.tag-grants.auditor).
        return queries.ledger(current.get(), filter, paging);
    }

    @GET
    @Path("access-log")
    @Operation(
            summary = "Reads of personal data, reveals and exports: who, roles, from where, which residents, which"
                    + " fields, purpose; newest first.")
    public Page<AccessEntry> accessLog(
            @QueryParam("user") String user,
            @QueryParam("resident") String resident,
            @QueryParam("action") String action,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        PageRequest paging = PageRequest.of(page, size);
        AuditQueries.Filter filter = filter(null, user, resident, action, from, to);
        return queries.accessLog(current.get().scope(), filter, paging);
    }

    @POST
    @Path("verify")
    @Operation(
            summary = "Recompute the hash chains of the sharing ledger and the access log",
            description = "intact and rowsChecked; when broken, brokenAt names the first row that breaks its chain."
                    + " chains gives each chain's last hash, to write down and compare later.")
    public ChainVerifier.Report verify() {
        return verifications.verifyAndRecord(ChainVerifications.RequestedBy.AUDITOR);
    }

    @GET
    @Path("heads")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(
            summary = "Both audit chains' heads now, one line each: chain, position, hash, time",
            description = "Kept outside the hub, a head later shows whether the chain was rewritten up to it"
                    + " (POST /api/v1/audit/heads/check). The hub also writes them to a file once a day.")
    public String heads() {
        return lines(heads.current());
    }

    @POST
    @Path("heads")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(
            summary = "Append both chains' heads to today's heads file now, answering the lines written",
            description = "The same lines the hub writes once a day to HUB_AUDIT_HEADS_DIR/<date>.txt.")
    public String writeHeads() {
        return lines(heads.write());
    }

    @POST
    @Path("heads/check")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(
            summary = "Check saved chain heads: does each chain still hold that hash at that position, and verify"
                    + " from there to now",
            description = "The body is the text of heads files (lines 'chain position hash [time]', '#' comments)."
                    + " A malformed line refuses the whole text with 422, each bad line named ('line 3').")
    public List<ChainHeads.HeadCheck> checkHeads(String text) {
        return heads.check(ChainHeads.parse(text));
    }

    private static String lines(List<ChainHeads.KeptHead> kept) {
        StringBuilder text = new StringBuilder();
        kept.forEach(h -> text.append(h.line()).append('\n'));
        return text.toString();
    }

    @GET
    @Path("reports/sharing")
    @Produces({MediaType.APPLICATION_JSON, XLSX})
    @Operation(
            summary = "What left the hub in a month (yyyy-MM), per platform: persons, records, fields, tags, answers",
            description = "JSON, or XLSX with format=xlsx or Accept: " + XLSX)
    public Response sharingReport(
            @QueryParam("month") String month,
            @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        FieldErrors errors = new FieldErrors();
        YearMonth m = AuditFilters.month(month, YearMonth.now(clock), errors);
        String f = Filters.text(format);
        if (f != null && !f.equals("xlsx") && !f.equals("json")) {
            errors.add("format", "unknown-format", "格式应为 json 或 xlsx。");
        }
        errors.throwIfAny();
        SharingReport report = queries.report(current.get().scope(), m, clock.getZone());
        boolean xlsx = "xlsx".equals(f) || (f == null && accept != null && accept.contains(XLSX));
        if (!xlsx) {
            return Response.ok(report, MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(reports.xlsx(report), XLSX)
                .header("Content-Disposition", reports.contentDisposition(report))
                .build();
    }

    @GET
    @Path("over-sharing")
    @Operation(
            summary = "Every field or tag ever sent outside the allow-list of the definition version it was sent"
                    + " under (empty when all is well)")
    public List<OverSharing> overSharing() {
        return queries.overSharing();
    }

    @GET
    @Path("alerts")
    @Operation(summary = "Unusual use of personal data: far more reveals or exports than usual, or at night")
    public Page<AccessAlert> alerts(
            @QueryParam("user") String user,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        PageRequest paging = PageRequest.of(page, size);
        return queries.alerts(current.get().scope(), filter(null, user, null, null, from, to), paging);
    }

    private AuditQueries.Filter filter(
            String adapter, String user, String resident, String action, String from, String to) {
        return AuditFilters.parse(adapter, user, resident, action, from, to, clock.getZone());
    }
}
