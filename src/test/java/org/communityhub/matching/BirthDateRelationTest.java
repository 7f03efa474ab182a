package org.communityhub.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.time.api.constraints.DateRange;
import org.junit.jupiter.api.Test;

class BirthDateRelationTest {

    private static final LocalDate BIRTH = LocalDate.of(1980, 3, 2);

    @Test
    void typosOfADate() {
        assertThat(BirthDateRelation.of(BIRTH, BIRTH)).isEqualTo(BirthDateRelation.EQUAL);
        assertThat(BirthDateRelation.of(BIRTH, LocalDate.of(1980, 3, 5))).isEqualTo(BirthDateRelation.ONE_DIGIT);
        assertThat(BirthDateRelation.of(BIRTH, LocalDate.of(1980, 2, 3)))
                .isEqualTo(BirthDateRelation.DAY_MONTH_SWAPPED);
        assertThat(BirthDateRelation.of(LocalDate.of(1980, 12, 1), LocalDate.of(1980, 12, 10)))
                .isEqualTo(BirthDateRelation.TRANSPOSED);
        assertThat(BirthDateRelation.of(BIRTH, LocalDate.of(1981, 4, 2))).isEqualTo(BirthDateRelation.DIFFERENT);
        assertThat(BirthDateRelation.of(BIRTH, null)).isEqualTo(BirthDateRelation.DIFFERENT);
    }

    @Property
    void everyNearbyDateIsNearAndBack(@ForAll @DateRange(min = "1900-01-01", max = "2025-12-31") LocalDate date) {
        // Checked plainly and asserted once: an assertion per nearby date (about sixty, each with
        // its own sixty) made this property a quarter of a minute.
        List<LocalDate> notNear = new ArrayList<>();
        List<LocalDate> notBack = new ArrayList<>();
        for (LocalDate d : BirthDateRelation.nearby(date)) {
            if (!BirthDateRelation.of(date, d).isNear()) {
                notNear.add(d);
            }
            if (!BirthDateRelation.nearby(d).contains(date)) {
                notBack.add(d);
            }
        }
        assertThat(notNear).as("nearby dates of %s that are not near it", date).isEmpty();
        assertThat(notBack)
                .as("nearby dates of %s that do not have it nearby", date)
                .isEmpty();
    }
}
