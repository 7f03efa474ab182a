package org.communityhub.intake.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.communityhub.adapter.definition.CanonicalField;
import org.communityhub.adapter.definition.CanonicalFields;
import org.junit.jupiter.api.Test;

class DownloadsTest {

    @Test
    void everyCanonicalFieldOfAResidentIsAColumnWithAHeader() {
        Set<String> fields = CanonicalFields.all().stream()
                .map(CanonicalField::name)
                .filter(name -> !ExportColumns.NOT_COLUMNS.contains(name))
                .collect(Collectors.toSet());

        assertThat(ExportColumns.LABELS.keySet()).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(Set.copyOf(ExportColumns.LABELS.values())).hasSameSizeAs(ExportColumns.LABELS.values());
    }
}
