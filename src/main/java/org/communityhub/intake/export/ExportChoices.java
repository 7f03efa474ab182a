package org.communityhub.intake.export;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.communityhub.access.CurrentActor;
import org.communityhub.adapter.Adapters;

/**
 * What the lists' export form offers: the platforms' templates and the columns the user may pick.
 * Templates reach it as {@code cdi:exports}.
 */
@RequestScoped
@Named("exports")
public class ExportChoices {

    /** A platform's template on offer. */
    public record Platform(String id, String name) {}

    private final Adapters adapters;
    private final ExportColumns columns;
    private final CurrentActor current;

    ExportChoices(Adapters adapters, ExportColumns columns, CurrentActor current) {
        this.adapters = adapters;
        this.columns = columns;
        this.current = current;
    }

    public List<Platform> platforms() {
        return adapters.all().stream().map(d -> new Platform(d.id(), d.name())).toList();
    }

    public List<ExportColumns.Column> columns() {
        return columns.available(current.get());
    }

    /** One filter for the form, e.g. {@code cdi:exports.filter('householdId', h.id)}. */
    public Map<String, String> filter(String name, Object value) {
        return value == null ? Map.of() : Map.of(name, value.toString());
    }
}
