package org.communityhub.intake.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.paging.Filters;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.registry.resident.SearchText;

/**
 * The download behind the lists' 导出平台模板 form (resident search, party and league member lists,
 * a household): the same export as the API's, the file saved by the browser, a refusal shown as a
 * page. The resident page's one search box ({@code list=search&q=…}) is read as that page reads it.
 */
@Path("/exports")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class ExportPage {

    private final ExportService exports;
    private final CodeTables codes;
    private final CurrentActor current;

    ExportPage(ExportService exports, CodeTables codes, CurrentActor current) {
        this.exports = exports;
        this.codes = codes;
        this.current = current;
    }

    /** {@code list=search}: the residents the 居民 page finds for its search box's text ({@code q}). */
    static final String SEARCH_BOX = "search";

    @GET
    @Produces({MediaType.TEXT_HTML, ExportFormat.XLSX_TYPE, ExportFormat.CSV_TYPE})
    public Response download(@BeanParam ExportParameters parameters) {
        Actor actor = current.get();
        if (Filters.text(parameters.adapter) != null) {
            parameters.columns = null; // the form's column boxes count only when no platform is chosen
        }
        boolean searchBox = SEARCH_BOX.equals(Filters.text(parameters.list));
        String text = parameters.q;
        if (searchBox) {
            parameters.list = null;
            parameters.q = null;
        }
        FieldErrors errors = new FieldErrors();
        ExportRequest request = ExportRequest.read(parameters, errors);
        if (searchBox) {
            request = request.with(new ExportRequest.Residents(SearchText.read(text, codes.get(CodeTables.TAG))));
        }
        PreparedExport export = exports.prepare(actor, request, errors, "GET /exports");
        return Downloads.of(exports, actor, export);
    }
}
