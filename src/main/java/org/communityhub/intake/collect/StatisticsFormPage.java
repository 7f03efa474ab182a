package org.communityhub.intake.collect;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.registry.statistics.Indicator;
import org.communityhub.registry.statistics.Indicators;
import org.communityhub.registry.statistics.Statistics;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 填写统计表: a statistics form uploaded on a page and given back filled, as the API fills it
 * ({@link StatisticsForms}). The page's requests carry the session's CSRF token in a header, so the
 * form is sent by htmx and the filled file comes back inside the answer, as a link the browser
 * saves; with it, what was filled (the figures, each indicator's definition) and the rows the hub
 * could not place. A refusal is the page's notice.
 */
@Path(StatisticsFormPage.PATH)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class StatisticsFormPage {

    static final String PATH = "/statistics/forms";

    /** A column of the filled form: its header, and the indicator it counts (null for the others). */
    public record Column(String header, Indicator indicator) {}

    /** A filled form as shown: the form, its columns, and the file as a data URL the browser saves. */
    public record Result(StatisticsForms.Filled filled, List<Column> columns, String download) {

        /** Whether a column (0-based) holds an indicator's figures. */
        public boolean counted(int column) {
            return column < columns.size() && columns.get(column).indicator() != null;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(LocalDate today, List<Indicator> indicators);

        static native TemplateInstance filled(Result result);
    }

    private final StatisticsForms forms;
    private final Statistics statistics;
    private final Indicators indicators;
    private final CurrentActor current;

    StatisticsFormPage(StatisticsForms forms, Statistics statistics, Indicators indicators, CurrentActor current) {
        this.forms = forms;
        this.statistics = statistics;
        this.indicators = indicators;
        this.current = current;
    }

    @GET
    public TemplateInstance form() {
        return Templates.form(statistics.asOf(null), indicators.current().indicators());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public TemplateInstance fill(
            @RestForm("file") FileUpload file,
            @RestForm("division") String division,
            @RestForm("asOf") String asOfText) {
        Actor actor = current.get();
        if (file == null || file.size() == 0) {
            throw ProblemException.invalid("file", "required", "请选择要填写的统计表（.xlsx 或 .csv）。");
        }
        LocalDate asOf = statistics.asOf(asOfText);
        String name = file.fileName() == null || file.fileName().isBlank()
                ? "统计表.xlsx"
                : java.nio.file.Path.of(file.fileName()).getFileName().toString();
        StatisticsForms.Filled filled = forms.fill(actor, file.uploadedFile(), name, division, asOf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            forms.write(filled, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String download = "data:" + filled.mediaType().replace(" ", "") + ";base64,"
                + Base64.getEncoder().encodeToString(out.toByteArray());
        Indicators.Catalogue catalogue = indicators.current();
        List<Column> columns = filled.form().headers().stream()
                .map(h -> new Column(h, catalogue.forHeader(h).orElse(null)))
                .toList();
        return Templates.filled(new Result(filled, columns, download));
    }
}
