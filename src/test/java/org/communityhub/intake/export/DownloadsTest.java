package org.communityhub.intake.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.communityhub.adapter.definition.CanonicalField;
import org.communityhub.adapter.definition.CanonicalFields;
import org.junit.jupiter.api.Test;

class DownloadsTest {

    @Test
    void aChineseFileNameIsOfferedPercentEncodedBesideAnAsciiOne() {
        assertThat(Downloads.contentDisposition("共青团智慧团建_20261123_183012.xlsx", "youth-league_20261123_183012.xlsx"))
                .isEqualTo("attachment; filename=\"youth-league_20261123_183012.xlsx\"; filename*=UTF-8''"
                        + "%E5%85%B1%E9%9D%92%E5%9B%A2%E6%99%BA%E6%85%A7%E5%9B%A2%E5%BB%BA_20261123_183012.xlsx");
        // Quotes, spaces and separators never reach the header as they are.
        assertThat(Downloads.contentDisposition("a \"b\";c.csv", "a \"b\";c.csv"))
                .isEqualTo("attachment; filename=\"a__b__c.csv\"; filename*=UTF-8''a%20%22b%22%3Bc.csv");
    }

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
