package org.communityhub.common.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

    @Test
    void namesBecomeNumberedParametersInTheOrderTheyStand() {
        NamedParameters p = NamedParameters.parse(
                "select r.id from resident r where r.community_code like :division and r.name = :name"
                        + " and r.household_id = :household_1");

        assertThat(p.sql())
                .isEqualTo(
                        "select r.id from resident r where r.community_code like ? and r.name = ? and r.household_id = ?");
        assertThat(p.names()).containsExactly("division", "name", "household_1");
    }

    @Test
    void castsQuotedTextAndRepeatedNamesAreLeftAsTheyAre() {
        NamedParameters p = NamedParameters.parse("select ?::uuid[], ':not', \"a:b\", x::text from t"
                + " where lower(r.name) like lower(:q) escape '\\' and r.tags @> array[cast(:q as varchar)]");

        assertThat(p.sql())
                .isEqualTo("select ?::uuid[], ':not', \"a:b\", x::text from t"
                        + " where lower(r.name) like lower(?) escape '\\' and r.tags @> array[cast(? as varchar)]");
        assertThat(p.names()).containsExactly("q", "q");
    }

    @Test
    void aNameWithoutAValueIsRefusedBeforeTheStatementRuns() {
        NamedParameters p = NamedParameters.parse("select 1 where a = :a");

        assertThatThrownBy(() -> p.bind(null, Map.of("b", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No SQL parameter value for :a");
    }
}
