package org.communityhub.reports;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.communityhub.access.Reveal;

/**
 * The audit records' codes as the auditor reads them, for the pages: {@code {audit:result(e.result)}}.
 * An unknown code is shown as it is stored rather than hidden.
 */
@TemplateExtension(namespace = "audit")
final class AuditLabels {

    private static final Map<String, String> RESULTS = Map.of(
            "ACCEPTED", "已接收",
            "REJECTED", "被拒绝",
            "FAILED", "发送失败",
            "EXPORTED", "已导出文件",
            "SENT", "未答复");

    private static final Map<String, String> OPERATIONS = Map.of("UPSERT", "新增或更新", "REMOVE", "注销");

    private static final Map<String, String> ACTIONS = Map.of(
            "VIEW", "查看居民",
            "LIST", "列表",
            "REVEAL", "查看明文",
            "EXPORT", "导出",
            "PREVIEW", "预览平台数据",
            "HISTORY", "查看变更历史",
            "DISCLOSURES", "查看披露记录",
            "MERGE", "合并居民记录",
            "LOOKUP", "查询证件号码（登记在管辖范围外）");

    private static final Map<String, String> ALERTS = Map.of("VOLUME", "数量异常", "NIGHT", "夜间访问", "SIGN_IN", "登录失败过多");

    private static final Map<String, String> CHAINS = Map.of("sharing", "共享台账", "access", "访问日志");

    /** The names the access log gives what was shown (the services' field lists). */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("name", "姓名"),
            Map.entry(Reveal.ID_NUMBER, "证件号码"),
            Map.entry("sex", "性别"),
            Map.entry("birthDate", "出生日期"),
            Map.entry("ethnicity", "民族"),
            Map.entry("politicalStatus", "政治面貌"),
            Map.entry("education", "学历"),
            Map.entry("maritalStatus", "婚姻状况"),
            Map.entry(Reveal.PHONE, "联系电话"),
            Map.entry("residenceType", "人口类型"),
            Map.entry("address", "地址"),
            Map.entry("household", "户"),
            Map.entry("relationToHead", "与户主关系"),
            Map.entry("status", "在册状态"),
            Map.entry("tags", "标签"),
            Map.entry("partyMembership", "党员信息"),
            Map.entry("leagueMembership", "团员信息"),
            Map.entry("history", "变更历史"),
            Map.entry("disclosures", "披露记录"));

    /**
     * What an access-log entry's resource was, in words, most specific first: the services name
     * their reads by the API's path ({@code GET /api/v1/residents/{id}}), which an auditor should
     * not have to read.
     */
    private static final List<Map.Entry<String, String>> DOINGS = List.of(
            Map.entry("GET /api/v1/residents/{id}/history", "查看变更历史"),
            Map.entry("GET /api/v1/residents/{id}/disclosures", "查看披露记录"),
            Map.entry("GET /api/v1/residents/{id}/party-membership", "查看党员信息"),
            Map.entry("GET /api/v1/residents/{id}/league-membership", "查看团员信息"),
            Map.entry("GET /api/v1/residents/{id}", "查看居民"),
            Map.entry("GET /api/v1/residents", "查询居民"),
            Map.entry("POST /api/v1/residents (probable duplicates)", "登记时提示疑似重复"),
            Map.entry("POST /api/v1/residents", "登记居民时核对证件号码"),
            Map.entry("GET /api/v1/households/{id}", "查看户"),
            Map.entry("GET /api/v1/party-members", "查看党员名册"),
            Map.entry("GET /api/v1/league-members", "查看团员名册"),
            Map.entry("GET /api/v1/tasks", "查看平台退回的记录"),
            Map.entry("GET /api/v1/statistics/residents", "查看统计数字中的居民"),
            Map.entry("GET /api/v1/duplicates", "查看疑似重复"),
            Map.entry("POST /api/v1/duplicates/{id}/decision", "判定疑似重复"),
            Map.entry("GET /api/v1/merges/comparison", "比较两条记录"),
            Map.entry("POST /api/v1/merges/{id}/undo", "撤销合并"),
            Map.entry("GET /api/v1/merges/{id}", "查看合并"),
            Map.entry("POST /api/v1/merges", "合并居民记录"),
            Map.entry("GET /api/v1/adapters/{id}/preview/{residentId}", "预览平台数据"),
            Map.entry("POST /api/v1/adapters/check", "检查平台定义时预览"),
            Map.entry("GET /api/v1/exports", "导出文件"),
            Map.entry("GET /api/v1/imports/{id}/result", "下载导入结果"),
            Map.entry("POST /api/v1/imports", "导入时核对证件号码"),
            Map.entry("GET /platforms/", "平台页面显示居民姓名"),
            Map.entry("GET /audit/", "审计页面显示居民姓名"));

    private static final Pattern PLATFORM_FILE = Pattern.compile("GET /api/v1/adapters/[a-z0-9-]+/files/[0-9]+");

    private AuditLabels() {}

    /** An access-log entry in words, e.g. 查看居民, 下载平台文件; the action's name when the resource is not known. */
    static String doing(String action, String resource) {
        if (resource != null) {
            if (PLATFORM_FILE.matcher(resource).matches()) {
                return "下载平台文件";
            }
            for (Map.Entry<String, String> d : DOINGS) {
                if (resource.startsWith(d.getKey())) {
                    return "REVEAL".equals(action) ? d.getValue() + "（显示完整号码）" : d.getValue();
                }
            }
        }
        return action(action);
    }

    static String result(String code) {
        return label(RESULTS, code);
    }

    /** The badge class of a platform's answer: ok, wait or bad. */
    static String resultBadge(String code) {
        if (code == null) {
            return "muted";
        }
        switch (code) {
            case "ACCEPTED":
            case "EXPORTED":
                return "ok";
            case "SENT":
                return "wait";
            default:
                return "bad";
        }
    }

    static String operation(String code) {
        return label(OPERATIONS, code);
    }

    static String action(String code) {
        return label(ACTIONS, code);
    }

    static String alert(String code) {
        return label(ALERTS, code);
    }

    static String chain(String code) {
        return label(CHAINS, code);
    }

    /** A field as the access log names it, without its masked mark: {@code idNumber:masked} is 证件号码. */
    static String field(String logged) {
        return label(FIELDS, masked(logged) ? logged.substring(0, logged.length() - Reveal.MASKED.length()) : logged);
    }

    /** Whether the access log marks the field as an identifier shown masked. */
    static boolean masked(String logged) {
        return logged != null && logged.endsWith(Reveal.MASKED);
    }

    /** Whether the field is an identifier the user saw in full. */
    static boolean revealed(String logged) {
        return Reveal.REVEALABLE.contains(logged);
    }

    /** The first part of a resident's id, enough to tell rows apart; the full id goes in the link's title. */
    static String shortId(UUID id) {
        return id == null ? "" : id.toString().substring(0, 8) + "…";
    }

    /** A value for a link's query string. */
    static String url(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String label(Map<String, String> labels, String code) {
        return code == null ? "" : labels.getOrDefault(code, code);
    }
}
