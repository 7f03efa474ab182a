package org.communityhub.intake.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One kind of finding of an import (its {@code code}) with what it amounts to: a label a worker
 * understands, whether it stops rows ({@code ERROR}) or only informs, how many rows it is on, and,
 * for a kind that asks a question (a damaged ID number probably of a registered resident or of
 * another row, a row probably another row's person, rows of one person that disagree), how many answers are pending, accepted and declined.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FindingKind(
        String code,
        String label,
        ImportFinding.Severity severity,
        long rows,
        Long pending,
        Long accepted,
        Long declined) {

    /** Whether the kind asks the worker a question per row. */
    public boolean asks() {
        return pending != null;
    }

    /** The label of a finding's code, in the worker's words; a code not listed is named by its field. */
    static String label(String code, String field) {
        String label = LABELS.get(code);
        if (label != null) {
            return label;
        }
        String what = field == null
                ? null
                : ImportField.byKey(field).map(ImportField::label).orElse(null);
        return what == null ? "其他问题" : what + "的其他问题";
    }

    /** The label of every code the check, the registry's rules and the commit give a finding. */
    private static final Map<String, String> LABELS = Map.ofEntries(
            // The file as a whole (said once, on the header row)
            Map.entry("sheets-not-read", "工作簿中还有未读的工作表"),
            Map.entry("no-community-column", "表中没有社区列"),
            Map.entry("community-from-uploader", "没有社区列，登记到您所在的社区"),
            Map.entry("no-id-number-column", "表中没有证件号码列"),
            Map.entry("no-name-column", "表中没有姓名列"),
            Map.entry("columns-not-imported", "有不导入的列"),
            Map.entry("communities-not-registered", "社区不在登记簿中（全表汇总）"),
            Map.entry("names-cleaned", "姓名中的不可见字符已去掉"),
            // The ID number
            Map.entry("id-number-empty", "证件号码为空"),
            Map.entry("id-number-length", "证件号码位数不对"),
            Map.entry("id-number-characters", "证件号码含有数字以外的字符"),
            Map.entry("id-number-checksum", "证件号码校验位不符（有一位输错或两位颠倒）"),
            Map.entry("id-number-region", "证件号码的地区码不存在"),
            Map.entry("id-number-birth-date", "证件号码中的出生日期不成立"),
            Map.entry("id-number-scientific-notation", "证件号码被表格软件改成了科学计数法"),
            Map.entry("id-number-numeric-format", "证件号码被表格软件存成了数字"),
            Map.entry("id-number-numeric-cell", "证件号码存成了数字格式"),
            Map.entry("id-number-truncated", "证件号码丢失了末尾几位"),
            Map.entry("id-number-possibly-truncated", "证件号码末三位为 000，可能丢了位"),
            Map.entry("masked-value", "填的是带 * 的掩码号码"),
            Map.entry(ImportJobs.DUPLICATE_IN_FILE, "与表中另一行证件号码相同，合并为一人"),
            Map.entry("id-number-held-elsewhere", "证件号码已登记在管辖范围以外"),
            // Questions and comparisons
            Map.entry(ImportJobs.DAMAGED_ID_REGISTERED, "证件号码有误，可能是已登记的居民"),
            Map.entry(ImportJobs.DAMAGED_ID_IN_FILE, "证件号码有误，可能与表中另一行是同一人"),
            Map.entry(ImportJobs.PROBABLE_DUPLICATE, "可能与已登记的居民是同一人"),
            Map.entry(ImportJobs.PROBABLE_DUPLICATE_IN_FILE, "可能与表中另一行是同一人"),
            Map.entry(ImportJobs.VALUES_DIFFER, "与表中另一行是同一人，所填不一致"),
            Map.entry("existing-resident", "已登记的居民，信息有变化"),
            Map.entry("existing-resident-unchanged", "已登记的居民，信息无变化"),
            // The rules of a registration
            Map.entry("required", "缺少必填项"),
            Map.entry("invalid-name", "姓名不合规则"),
            Map.entry("invalid-characters", "含有不允许的字符"),
            Map.entry("invisible-characters", "含有不可见字符"),
            Map.entry("too-long", "内容过长"),
            Map.entry("invalid-format", "格式不对"),
            Map.entry("unreadable-date", "日期无法识别"),
            Map.entry("future-date", "日期晚于今天"),
            Map.entry("too-early", "日期过早"),
            Map.entry("too-young", "入党（团）时未到规定年龄"),
            Map.entry("too-old", "年龄过大"),
            Map.entry("before-birth", "日期早于出生日期"),
            Map.entry("before-joined", "转正日期不晚于入党日期"),
            Map.entry("birth-date-mismatch", "出生日期与证件号码不符"),
            Map.entry("sex-mismatch", "性别与证件号码不符"),
            Map.entry("unknown-code", "填写的值不在代码表中"),
            Map.entry("invalid-phone", "电话号码格式不对"),
            Map.entry("unknown-community", "社区不在登记簿中"),
            Map.entry("community-unknown", "无法确定所属社区"),
            Map.entry("out-of-scope", "社区不在您的管辖范围内"),
            Map.entry("party-membership-required", "党员缺少入党信息"),
            Map.entry("league-membership-required", "团员缺少入团信息"),
            Map.entry("party-columns-without-membership", "填了党员信息，但政治面貌不是党员"),
            Map.entry("league-columns-without-membership", "填了团员信息，但政治面貌不是团员"),
            Map.entry("not-full-member", "预备党员填了转正日期"),
            Map.entry("membership-mismatch", "党团信息与政治面貌不符"),
            Map.entry("unknown-tag", "不认识的标签"),
            Map.entry("restricted-tag", "受限标签，您的角色不能设置"),
            Map.entry("restricted-tag-left-out", "受限标签未导入"),
            Map.entry("too-many", "标签过多"),
            // Households
            Map.entry("relation-without-household", "有与户主关系，没有户号"),
            Map.entry("household-without-relation", "有户号，没有与户主关系"),
            Map.entry("second-household-head", "一户有两位户主"),
            Map.entry("household-without-head", "该户在表中没有户主"),
            // The commit
            Map.entry("commit-failed", "提交时被登记簿拒绝"));
}
