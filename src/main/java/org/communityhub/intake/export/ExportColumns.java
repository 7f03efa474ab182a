package org.communityhub.intake.export;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.communityhub.access.Actor;
import org.communityhub.access.TagVisibility;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.CanonicalField;
import org.communityhub.adapter.definition.CanonicalFields;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.registry.code.CodeEntry;
import org.communityhub.registry.code.CodeTable;
import org.communityhub.registry.code.CodeTables;

/**
 * The columns a user may pick for an export: the canonical fields platforms map from, with the
 * Chinese header each gets, and one column per tag ({@code tag:<code>}, 是/否). A column set is
 * turned into a definition of its own, so its rows come from the same record mapper as every
 * platform's: codes as their names (男, 汉族), dates as yyyy-MM-dd, yes/no as 是/否, tags by name.
 */
@ApplicationScoped
public class ExportColumns {

    /** A column on offer: its canonical name and its header. */
    public record Column(String name, String label) {}

    /** The canonical fields on offer, in the order they are offered, with their headers. */
    static final Map<String, String> LABELS = labels();

    /** Canonical fields that describe a delivery, not a resident: never a column. */
    static final Set<String> NOT_COLUMNS = Set.of("version", CanonicalFields.OPERATION, "removalReason");

    static final String ID = "columns";
    private static final String YES = "是";
    private static final String NO = "否";

    private final CodeTable tags;
    private final TagVisibility tagVisibility;

    ExportColumns(CodeTables codes, TagVisibility tagVisibility) {
        this.tags = codes.get(CodeTables.TAG);
        this.tagVisibility = tagVisibility;
    }

    /** Every column the actor may pick: the fields, then a column per tag they may see. */
    public List<Column> available(Actor actor) {
        List<Column> columns = new ArrayList<>();
        LABELS.forEach((name, label) -> columns.add(new Column(name, label)));
        for (CodeEntry tag : tags.getEntries()) {
            if (tagVisibility.canSee(actor, tag.code())) {
                columns.add(new Column(CanonicalFields.TAG_PREFIX + tag.code(), tag.name()));
            }
        }
        return columns;
    }

    /**
     * The template for the columns named (repeats dropped); an unknown name goes into {@code
     * errors}, by its position (a submitted value is never echoed); a tag column the actor may not
     * see goes to {@code refuse} (403).
     */
    ExportTemplate template(Actor actor, List<String> names, FieldErrors errors, Consumer<ProblemException> refuse) {
        Set<String> chosen = new LinkedHashSet<>(names);
        List<FieldMapping> fields = new ArrayList<>();
        int position = 0;
        boolean restricted = false;
        for (String name : chosen) {
            position++;
            Optional<FieldMapping> field = field(actor, name);
            if (field.isEmpty()) {
                errors.add(
                        "columns",
                        "unknown-column",
                        "第 " + position + " 个列名不是可导出的字段（可选的列见 GET /api/v1/exports/templates）。");
            } else if (name.startsWith(CanonicalFields.TAG_PREFIX)
                    && !tagVisibility.canSee(actor, name.substring(CanonicalFields.TAG_PREFIX.length()))) {
                restricted = true;
            } else {
                fields.add(field.get());
            }
        }
        if (restricted) {
            refuse.accept(ProblemException.forbidden("restricted-tag", "您的角色不能导出受限标签。"));
        }
        AdapterDefinition definition = new AdapterDefinition(
                ID, "自选列", "1", null, null, null, List.of(), fields, List.of(), null, 0, 0, null, null);
        return new ExportTemplate(
                definition,
                false,
                definition.fieldNames(),
                Set.of(),
                List.copyOf(chosen),
                "居民信息",
                null,
                "居民信息",
                "residents",
                "columns",
                StandardCharsets.UTF_8);
    }

    private Optional<FieldMapping> field(Actor actor, String name) {
        if (name.startsWith(CanonicalFields.TAG_PREFIX)) {
            String tag = name.substring(CanonicalFields.TAG_PREFIX.length());
            return tags.entry(tag)
                    .map(e -> new FieldMapping(
                            e.name(), new FieldMapping.From(name), yesNo(), null, false, Set.of(), null, 0));
        }
        String label = LABELS.get(name);
        Optional<CanonicalField> canonical = CanonicalFields.find(name);
        if (label == null || canonical.isEmpty()) {
            return Optional.empty();
        }
        CanonicalField c = canonical.get();
        FieldMapping.Translation translation = null;
        String format = null;
        Set<String> only = Set.of();
        switch (c.type()) {
            case CODE:
                translation = new FieldMapping.CodeNames();
                break;
            case CODE_LIST:
                // The tags the reader may see, by name; restricted ones only for roles granted them.
                translation = new FieldMapping.CodeNames();
                only = tags.getEntries().stream()
                        .map(CodeEntry::code)
                        .filter(t -> tagVisibility.canSee(actor, t))
                        .collect(Collectors.toSet());
                break;
            case BOOLEAN:
                translation = yesNo();
                break;
            case DATE:
                format = "yyyy-MM-dd";
                break;
            case TIMESTAMP:
                format = "yyyy-MM-dd HH:mm:ss";
                break;
            default:
                break;
        }
        return Optional.of(
                new FieldMapping(label, new FieldMapping.From(name), translation, format, false, only, "、", 0));
    }

    private static FieldMapping.CodeMap yesNo() {
        return new FieldMapping.CodeMap(Map.of("true", YES, "false", NO), null);
    }

    private static Map<String, String> labels() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("name", "姓名");
        l.put("idType", "证件类型");
        l.put("idNumber", "证件号码");
        l.put("sex", "性别");
        l.put("birthDate", "出生日期");
        l.put("age", "年龄");
        l.put("ethnicity", "民族");
        l.put("politicalStatus", "政治面貌");
        l.put("education", "学历");
        l.put("maritalStatus", "婚姻状况");
        l.put("phone", "联系电话");
        l.put("residenceType", "人口类型");
        l.put("status", "在册状态");
        l.put("statusDate", "迁出或死亡日期");
        l.put("statusReason", "迁出或死亡原因");
        l.put("countyCode", "区县代码");
        l.put("countyName", "区县");
        l.put("streetCode", "街道代码");
        l.put("streetName", "街道");
        l.put("communityCode", "社区代码");
        l.put("communityName", "社区");
        l.put("building", "楼栋");
        l.put("unit", "单元");
        l.put("room", "房号");
        l.put("address", "居住地址");
        l.put("householdNumber", "户号");
        l.put("householdType", "户别");
        l.put("relationToHead", "与户主关系");
        l.put("isHouseholdHead", "是否户主");
        l.put("tags", "标签");
        l.put("isPartyMember", "是否党员");
        l.put("party.status", "党员状态");
        l.put("party.joinedOn", "入党日期");
        l.put("party.fullMemberOn", "转正日期");
        l.put("party.category", "党员类别");
        l.put("party.branch", "所在党支部");
        l.put("party.reportedToCommunity", "在职党员到社区报到");
        l.put("party.lostContact", "失联党员");
        l.put("isLeagueMember", "是否团员");
        l.put("league.joinedOn", "入团日期");
        l.put("league.developmentNumber", "团员编号");
        l.put("league.branch", "所在团支部");
        l.put("league.post", "团内职务");
        l.put("league.overage", "超龄团员");
        l.put("updatedAt", "最后修改时间");
        l.put("residentId", "居民标识");
        return Collections.unmodifiableMap(l);
    }
}
