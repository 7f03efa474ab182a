package org.communityhub.registry.household;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The street's numbering rule for new households. */
class HouseholdNumberingTest {

    private static final String COMMUNITY = "110105001098";

    @Test
    void theNextNumberFollowsTheHighestOfTheRuleAndIgnoresNumbersWrittenOtherwise() {
        HouseholdNumbering numbering = new HouseholdNumbering("{community}{n:5}");
        assertThat(numbering.next(COMMUNITY, List.of())).isEqualTo("09800001");
        assertThat(numbering.next(COMMUNITY, List.of("09800001", "09800007", "H-77", "09900050", "0980000x")))
                .isEqualTo("09800008");
        assertThat(numbering.next(COMMUNITY, List.of("09899999"))).isEqualTo("098100000");
    }

    @Test
    void literalsAndTheWholeCodeAreWrittenAsTheyStand() {
        HouseholdNumbering numbering = new HouseholdNumbering("建外-{code}-{n:3}号");
        assertThat(numbering.next(COMMUNITY, List.of("建外-110105001098-041号", "建外-110105001099-900号")))
                .isEqualTo("建外-110105001098-042号");
        assertThat(new HouseholdNumbering("A.{n:2}").next(COMMUNITY, List.of("A.07", "AB07")))
                .as("a dot is a dot, not any character")
                .isEqualTo("A.08");
    }

    @Test
    void aPatternThatCannotServeStopsTheHubNamingTheProblem() {
        assertThatThrownBy(() -> new HouseholdNumbering("{community}")).hasMessageContaining("exactly one {n:K}");
        assertThatThrownBy(() -> new HouseholdNumbering("{n:2}{n:3}")).hasMessageContaining("exactly one {n:K}");
        assertThatThrownBy(() -> new HouseholdNumbering("{street}{n:4}")).hasMessageContaining("knows only");
        assertThatThrownBy(() -> new HouseholdNumbering("{code}{code}{code}{n:4}"))
                .hasMessageContaining("longer than 30");
        assertThatThrownBy(() -> new HouseholdNumbering("户 {n:4}")).hasMessageContaining("spaces");
    }
}
