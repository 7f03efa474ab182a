package org.communityhub.common.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.communityhub.common.error.ProblemException;
import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void pagesCountFromZeroWithTwentyRowsByDefault() {
        PageRequest page = PageRequest.of(null, " ");

        assertThat(page).isEqualTo(new PageRequest(0, 20));
        assertThat(PageRequest.of("3", "50").offset()).isEqualTo(150);
    }

    @Test
    void everyBadValueIsNamed() {
        assertThatThrownBy(() -> PageRequest.of("-1", "0"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors()).extracting("field").containsExactly("page", "size"));
        assertThatThrownBy(() -> PageRequest.of("x", "201"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void aPageFarBeyondAnyListIsRefusedRatherThanOverflowingTheOffset() {
        assertThatThrownBy(() -> PageRequest.of("2000000000", "200"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors()).extracting("code").containsExactly("out-of-range"));
    }
}
