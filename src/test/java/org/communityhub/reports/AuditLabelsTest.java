package org.communityhub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The access log's entries in words, not the API's paths. */
class AuditLabelsTest {

    @Test
    void aResourceIsSaidInWordsTheMostSpecificFirst() {
        assertThat(AuditLabels.doing("VIEW", "GET /api/v1/residents/{id}")).isEqualTo("查看居民");
        assertThat(AuditLabels.doing("HISTORY", "GET /api/v1/residents/{id}/history"))
                .isEqualTo("查看变更历史");
        assertThat(AuditLabels.doing("LIST", "GET /api/v1/residents")).isEqualTo("查询居民");
        assertThat(AuditLabels.doing("MERGE", "POST /api/v1/merges/{id}/undo")).isEqualTo("撤销合并");
        assertThat(AuditLabels.doing("MERGE", "POST /api/v1/merges")).isEqualTo("合并居民记录");
        assertThat(AuditLabels.doing("EXPORT", "GET /api/v1/exports?adapter=youth-league&format=xlsx"))
                .isEqualTo("导出文件");
        assertThat(AuditLabels.doing("EXPORT", "GET /api/v1/adapters/youth-league/files/12"))
                .isEqualTo("下载平台文件");
        assertThat(AuditLabels.doing("LIST", "GET /audit/ledger")).isEqualTo("审计页面显示居民姓名");
        assertThat(AuditLabels.doing("LIST", "GET /api/v1/statistics/residents"))
                .isEqualTo("查看统计数字中的居民");
    }

    @Test
    void aRevealSaysSoAndAnUnknownResourceFallsBackToItsAction() {
        assertThat(AuditLabels.doing("REVEAL", "GET /api/v1/residents/{id}")).isEqualTo("查看居民（显示完整号码）");
        assertThat(AuditLabels.doing("LOOKUP", "SOMETHING /new")).isEqualTo("查询证件号码（登记在管辖范围外）");
        assertThat(AuditLabels.doing("VIEW", null)).isEqualTo("查看居民");
    }
}
