package org.communityhub.adapter.definition;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical vocabulary: every field a platform definition can take a value from. {@code
 * tag:<code>} (is the resident tagged so, BOOLEAN) stands for every tag of the tag table.
 */
public final class CanonicalFields {

    public static final String TAG_PREFIX = "tag:";
    public static final String OPERATION = "operation";

    private static final Map<String, CanonicalField> FIELDS = new LinkedHashMap<>();

    static {
        text("residentId", "居民在本系统中的标识（稳定不变）");
        add("version", FieldType.INTEGER, null, false, "记录版本号");
        text("name", "姓名");
        add("idNumber", FieldType.TEXT, null, true, "证件号码");
        code("idType", "id-type", "证件类型");
        code("sex", "sex", "性别（GB/T 2261.1）");
        add("birthDate", FieldType.DATE, null, false, "出生日期");
        add("age", FieldType.INTEGER, null, false, "交付当日的周岁年龄");
        code("ethnicity", "ethnicity", "民族（GB/T 3304）");
        code("politicalStatus", "political-status", "政治面貌（GB/T 4762）");
        code("education", "education", "学历（GB/T 4658）");
        code("maritalStatus", "marital-status", "婚姻状况（GB/T 2261.2）");
        add("phone", FieldType.TEXT, null, true, "联系电话");
        code("residenceType", "residence-type", "人口类型：户籍、流动、境外");
        code("status", "resident-status", "在册状态");
        add("statusDate", FieldType.DATE, null, false, "迁出或死亡日期");
        text("statusReason", "迁出或死亡原因");
        text("communityCode", "社区（村）12 位统计用区划代码");
        text("communityName", "社区名称（不含“居委会”）");
        text("streetCode", "乡镇（街道）9 位代码");
        text("streetName", "乡镇（街道）名称");
        text("countyCode", "县级区划代码（GB/T 2260）");
        text("countyName", "区县名称");
        text("building", "楼栋");
        text("unit", "单元");
        text("room", "房号");
        text("address", "标准地址：省市区县、街道、社区、楼栋、单元、房号");
        text("householdNumber", "户号");
        code("householdType", "household-type", "户别");
        code("relationToHead", "relation-to-head", "与户主关系（GB/T 4761）");
        add("isHouseholdHead", FieldType.BOOLEAN, null, false, "是否户主");
        add("tags", FieldType.CODE_LIST, "tag", false, "标签（敏感标签须在 only 中逐个列出）");
        add("isPartyMember", FieldType.BOOLEAN, null, false, "是否党员（含预备党员）");
        code("party.status", "party-member-status", "党员状态：正式、预备");
        add("party.joinedOn", FieldType.DATE, null, false, "入党日期");
        add("party.fullMemberOn", FieldType.DATE, null, false, "转正日期");
        text("party.branch", "所在党支部");
        code("party.category", "party-category", "党员类别");
        add("party.reportedToCommunity", FieldType.BOOLEAN, null, false, "在职党员是否到社区报到");
        add("party.lostContact", FieldType.BOOLEAN, null, false, "是否失联党员");
        add("isLeagueMember", FieldType.BOOLEAN, null, false, "是否团员");
        add("league.joinedOn", FieldType.DATE, null, false, "入团日期");
        text("league.developmentNumber", "发展团员编号");
        text("league.branch", "所在团支部");
        text("league.post", "团内职务");
        add("league.overage", FieldType.BOOLEAN, null, false, "是否超龄（年满 28 周岁且无团内职务）");
        add("updatedAt", FieldType.TIMESTAMP, null, false, "最后修改时间");
        code(OPERATION, "delivery-operation", "UPSERT（新增或更新）或 REMOVE（对方应注销该记录）");
        text("removalReason", "注销原因：迁出、死亡、不再符合条件");
    }

    private CanonicalFields() {}

    public static Optional<CanonicalField> find(String name) {
        if (name != null && name.startsWith(TAG_PREFIX) && name.length() > TAG_PREFIX.length()) {
            return Optional.of(new CanonicalField(name, FieldType.BOOLEAN, null, false, "是否带有该标签"));
        }
        return Optional.ofNullable(FIELDS.get(name));
    }

    public static Collection<CanonicalField> all() {
        return FIELDS.values();
    }

    private static void text(String name, String description) {
        add(name, FieldType.TEXT, null, false, description);
    }

    private static void code(String name, String table, String description) {
        add(name, FieldType.CODE, table, false, description);
    }

    private static void add(String name, FieldType type, String table, boolean pii, String description) {
        FIELDS.put(name, new CanonicalField(name, type, table, pii, description));
    }
}
