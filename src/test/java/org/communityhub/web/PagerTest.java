package org.communityhub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.common.paging.Page;
import org.junit.jupiter.api.Test;

class PagerTest {

    @Test
    void theMiddlePageLinksBothWaysKeepingTheFiltersEncoded() {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("q", "张 伟&");
        filters.put("building", null);
        filters.put("headless", "1");

        Pager pager = Pager.of("/households", filters, new Page<>(List.of(), 45, 1, 20));

        assertThat(pager.number()).isEqualTo(2);
        assertThat(pager.pages()).isEqualTo(3);
        assertThat(pager.previous()).isEqualTo("/households?q=%E5%BC%A0+%E4%BC%9F%26&headless=1");
        assertThat(pager.next()).isEqualTo("/households?q=%E5%BC%A0+%E4%BC%9F%26&headless=1&page=2");
    }

    @Test
    void theFirstAndLastPagesHaveNoLinkBeyondThem() {
        Pager only = Pager.of("/league-members", Map.of(), new Page<>(List.of(), 20, 0, 20));

        assertThat(only.pages()).isEqualTo(1);
        assertThat(only.previous()).isNull();
        assertThat(only.next()).isNull();
        assertThat(only.link(0)).isEqualTo("/league-members");
    }
}
