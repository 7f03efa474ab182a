package org.communityhub.registry.household;

import io.quarkus.qute.TemplateData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.ProblemException;

/**
 * One form of the household pages as the user filled it in, with what the service found wrong:
 * messages per field (shown next to the field) and one for the whole form (a conflict, a stale
 * version). Nothing the user typed is lost when the form comes back.
 *
 * @param name which form: {@code create}, {@code add}, {@code head}, {@code move}, {@code edit}
 */
@TemplateData
public record HouseholdForm(String name, Map<String, String> values, Map<String, String> errors, String message) {

    /** Conflicts that are about one field, so they are shown next to it. */
    private static final Map<String, String> CONFLICT_FIELDS = Map.of(
            "duplicate-household-number", "householdNumber",
            "household-head-exists", "relationToHead",
            "already-in-household", "residentId",
            "not-on-register", "residentId",
            "not-a-member", "residentId",
            "not-found", "residentId");

    public HouseholdForm {
        values = new LinkedHashMap<>(values);
        errors = new LinkedHashMap<>(errors);
    }

    static HouseholdForm of(String name, Map<String, String> values) {
        return new HouseholdForm(name, values, Map.of(), null);
    }

    /**
     * The form with the problem of a refused request: field errors next to the fields the form has,
     * everything else as the form's message.
     */
    HouseholdForm refused(ProblemException problem, List<String> fields) {
        Map<String, String> byField = new LinkedHashMap<>();
        StringBuilder other = new StringBuilder();
        for (FieldError e : problem.errors()) {
            if (fields.contains(e.field()) && !byField.containsKey(e.field())) {
                byField.put(e.field(), e.message());
            } else {
                other.append(other.isEmpty() ? "" : " ").append(e.message());
            }
        }
        String detail = problem.toProblem().detail();
        String conflictField = CONFLICT_FIELDS.get(problem.code());
        if (problem.errors().isEmpty() && conflictField != null && fields.contains(conflictField)) {
            byField.put(conflictField, detail);
        }
        String text = !other.isEmpty() ? other.toString() : byField.isEmpty() ? detail : null;
        return new HouseholdForm(name, values, byField, text);
    }

    HouseholdForm withMessage(String text) {
        return new HouseholdForm(name, values, errors, text);
    }

    HouseholdForm withError(String field, String text) {
        Map<String, String> more = new LinkedHashMap<>(errors);
        more.put(field, text);
        return new HouseholdForm(name, values, more, message);
    }

    public String value(String field) {
        String v = values.get(field);
        return v == null ? "" : v;
    }

    /** Whether a select's option should be selected. */
    public boolean is(String field, String option) {
        return option != null && option.equals(values.get(field));
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean invalid(String field) {
        return errors.containsKey(field);
    }

    /** The field the cursor goes to when the form comes back: the first one with a problem. */
    public boolean first(String field) {
        return !errors.isEmpty() && errors.keySet().iterator().next().equals(field);
    }

    public boolean failed() {
        return !errors.isEmpty() || message != null;
    }
}
