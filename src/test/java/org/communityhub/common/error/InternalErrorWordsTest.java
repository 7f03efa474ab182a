package org.communityhub.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A failure nobody foresaw never claims that nothing was saved when it cannot know. */
class InternalErrorWordsTest {

    private static final UUID INCIDENT = UUID.fromString("01a23d50-9dc3-7235-b8b4-923cc58ce05a");

    @Test
    void aFailedWriteSaysToLookBeforeSendingAgain() {
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            assertThat(ProblemMappers.internalErrorDetail(method, INCIDENT))
                    .as(method)
                    .contains("无法确认这次操作是否已保存", "刷新页面查看记录", INCIDENT.toString())
                    .doesNotContain("未保存");
        }
    }

    @Test
    void aFailedReadAsksToTryAgain() {
        assertThat(ProblemMappers.internalErrorDetail("GET", INCIDENT))
                .contains("请稍后重试", INCIDENT.toString())
                .doesNotContain("保存");
    }
}
