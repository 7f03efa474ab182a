package org.communityhub.registry.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one search rule: what the box's text is read as. */
class SearchTextTest {

    @Test
    void anAddressTypedAsThePagesShowItIsAnAddress() {
        ResidentQuery q = SearchText.read("18号楼 2单元 301", Optional.empty());
        assertThat(q.building()).isEqualTo("18");
        assertThat(q.unit()).isEqualTo("2");
        assertThat(q.room()).isEqualTo("301");
        assertThat(q.nameContains()).isNull();
        ResidentQuery dashed = SearchText.read("18 - 2 - 301", Optional.empty());
        assertThat(dashed.building()).isEqualTo("18");
        assertThat(dashed.room()).isEqualTo("301");
    }

    @Test
    void aNameWithASpaceStaysAName() {
        ResidentQuery q = SearchText.read("阿依 古丽", Optional.empty());
        assertThat(q.nameContains()).isEqualTo("阿依 古丽");
        assertThat(SearchText.isName(q)).isTrue();
        assertThat(q.status()).isEqualTo(ResidentStatus.ACTIVE);
    }

    @Test
    void aTagIsATag() {
        ResidentQuery q = SearchText.read("独居老人", Optional.of("living-alone-elderly"));
        assertThat(q.tag()).isEqualTo("living-alone-elderly");
        assertThat(SearchText.isName(q)).isFalse();
    }
}
