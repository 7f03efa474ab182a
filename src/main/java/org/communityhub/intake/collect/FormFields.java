package org.communityhub.intake.collect;

import java.util.Optional;
import java.util.Set;
import org.communityhub.registry.code.ResidentField;
import org.communityhub.registry.code.ResidentFields;

/**
 * The fields of the resident field catalogue a form's column can be filled from: those an export
 * offers, and those only forms ask for (a household's size, its head's name, the row's number).
 */
final class FormFields {

    static final String ROW_NUMBER = "rowNumber";
    static final String HOUSEHOLD_SIZE = "householdSize";
    static final String HOUSEHOLD_HEAD_NAME = "householdHeadName";

    /** Filled by the collection itself rather than by the export's mapping. */
    static final Set<String> FORM_ONLY = Set.of(ROW_NUMBER, HOUSEHOLD_SIZE, HOUSEHOLD_HEAD_NAME);

    private FormFields() {}

    static boolean fillable(ResidentField f) {
        return f.exported() || FORM_ONLY.contains(f.name());
    }

    /** The fillable field named by its canonical name or its Chinese label. */
    static Optional<ResidentField> named(String name) {
        return ResidentFields.find(name)
                .or(() -> ResidentFields.all().stream()
                        .filter(f -> f.label().equals(name))
                        .findFirst())
                .filter(FormFields::fillable);
    }
}
