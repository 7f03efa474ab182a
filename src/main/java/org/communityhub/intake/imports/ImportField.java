package org.communityhub.intake.imports;

import java.util.Arrays;
import java.util.Optional;
import org.communityhub.registry.code.CodeTables;

/**
 * What a column of a ledger can hold: the registry's fields a row fills. The key is what the API
 * and the synonyms table ({@code intake/header-synonyms.csv}) call it; the label is the Chinese name
 * the pages show; coded fields name their code table, whose names are accepted as well as codes.
 */
public enum ImportField {
    NAME("name", "姓名", null, false),
    ID_NUMBER("idNumber", "证件号码", null, false),
    SEX("sex", "性别", CodeTables.SEX, false),
    BIRTH_DATE("birthDate", "出生日期", null, true),
    ETHNICITY("ethnicity", "民族", CodeTables.ETHNICITY, false),
    POLITICAL_STATUS("politicalStatus", "政治面貌", CodeTables.POLITICAL_STATUS, false),
    EDUCATION("education", "文化程度", CodeTables.EDUCATION, false),
    MARITAL_STATUS("maritalStatus", "婚姻状况", CodeTables.MARITAL_STATUS, false),
    PHONE("phone", "联系电话", null, false),
    RESIDENCE_TYPE("residenceType", "人口类型", CodeTables.RESIDENCE_TYPE, false),
    COMMUNITY_CODE("communityCode", "社区代码", null, false),
    BUILDING("building", "楼栋", null, false),
    UNIT("unit", "单元", null, false),
    ROOM("room", "房号", null, false),
    HOUSEHOLD_NUMBER("householdNumber", "户号", null, false),
    RELATION_TO_HEAD("relationToHead", "与户主关系", CodeTables.RELATION_TO_HEAD, false),
    HOUSEHOLD_TYPE("householdType", "户别", CodeTables.HOUSEHOLD_TYPE, false),
    PARTY_JOINED_ON("partyJoinedOn", "入党日期", null, true),
    PARTY_FULL_MEMBER_ON("partyFullMemberOn", "转正日期", null, true),
    PARTY_BRANCH("partyBranch", "所在党支部", null, false),
    LEAGUE_JOINED_ON("leagueJoinedOn", "入团日期", null, true),
    LEAGUE_NUMBER("leagueNumber", "发展团员编号", null, false),
    LEAGUE_BRANCH("leagueBranch", "所在团支部", null, false),
    TAGS("tags", "标签", null, false);

    private final String key;
    private final String label;
    private final String codeTable;
    private final boolean date;

    ImportField(String key, String label, String codeTable, boolean date) {
        this.key = key;
        this.label = label;
        this.codeTable = codeTable;
        this.date = date;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** The code table of a coded field, or null. */
    public String codeTable() {
        return codeTable;
    }

    public boolean isDate() {
        return date;
    }

    public static Optional<ImportField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
