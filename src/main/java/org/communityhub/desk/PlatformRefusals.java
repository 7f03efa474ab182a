package org.communityhub.desk;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.fanout.SyncService;
import org.communityhub.fanout.SyncStatus;

/**
 * A platform's standing refusal of a resident, as the edit form reached from 去修改 shows it: the
 * platform's words, and the form field they are about where the words name one, so the worker
 * knows what to correct. A field is found by the platform's own field names (its definition maps
 * each to a field of the hub: 公民身份号码 is the ID number) and, failing those, by the words
 * platforms commonly use (身份证, 门牌 …); the one named first in the message wins.
 */
@ApplicationScoped
public class PlatformRefusals {

    /** A platform's refusal, and the form field it names (null when it names none). */
    public record Refusal(String platformId, String platformName, String message, String field, String fieldLabel) {}

    /** The hub's fields the form has, with their labels; address parts stand for the address. */
    private static final Map<String, String> FORM_FIELDS = new LinkedHashMap<>();

    /** Words platforms use for a field when they do not use their own field names. */
    private static final Map<String, String> WORDS = new LinkedHashMap<>();

    static {
        FORM_FIELDS.put("idNumber", "证件号码");
        FORM_FIELDS.put("name", "姓名");
        FORM_FIELDS.put("sex", "性别");
        FORM_FIELDS.put("birthDate", "出生日期");
        FORM_FIELDS.put("ethnicity", "民族");
        FORM_FIELDS.put("politicalStatus", "政治面貌");
        FORM_FIELDS.put("education", "文化程度");
        FORM_FIELDS.put("maritalStatus", "婚姻状况");
        FORM_FIELDS.put("phone", "联系电话");
        FORM_FIELDS.put("residenceType", "人口类型");
        FORM_FIELDS.put("communityCode", "社区");
        FORM_FIELDS.put("building", "楼栋");
        FORM_FIELDS.put("unit", "单元");
        FORM_FIELDS.put("room", "房号");

        WORDS.put("公民身份号码", "idNumber");
        WORDS.put("身份证", "idNumber");
        WORDS.put("证件号", "idNumber");
        WORDS.put("姓名", "name");
        WORDS.put("出生", "birthDate");
        WORDS.put("性别", "sex");
        WORDS.put("民族", "ethnicity");
        WORDS.put("政治面貌", "politicalStatus");
        WORDS.put("文化程度", "education");
        WORDS.put("学历", "education");
        WORDS.put("婚姻", "maritalStatus");
        WORDS.put("电话", "phone");
        WORDS.put("手机", "phone");
        WORDS.put("门牌", "room");
        WORDS.put("房号", "room");
        WORDS.put("单元", "unit");
        WORDS.put("楼栋", "building");
        WORDS.put("地址", "building");
        WORDS.put("住址", "building");
    }

    private final SyncService sync;
    private final Adapters adapters;

    PlatformRefusals(SyncService sync, Adapters adapters) {
        this.sync = sync;
        this.adapters = adapters;
    }

    /** The standing refusal of the resident by this platform; empty when it has none. */
    public Optional<Refusal> of(Actor actor, UUID residentId, String platformId) {
        if (platformId == null || platformId.isBlank()) {
            return Optional.empty();
        }
        return sync.forResident(actor, residentId).stream()
                .filter(s -> s.adapterId().equals(platformId.strip()) && "REJECTED".equals(s.status()))
                .findFirst()
                .map(this::refusal);
    }

    /** The name of a platform among the resident's, for saying where a correction goes. */
    public Optional<String> platformName(List<SyncStatus> platforms, String platformId) {
        return platforms.stream()
                .filter(s -> s.adapterId().equals(platformId))
                .map(SyncStatus::adapterName)
                .findFirst();
    }

    private Refusal refusal(SyncStatus s) {
        String message = s.rejectionMessage() == null ? "" : s.rejectionMessage();
        String field = fieldNamed(message, definition(s.adapterId()));
        return new Refusal(
                s.adapterId(), s.adapterName(), message, field, field == null ? null : FORM_FIELDS.get(field));
    }

    private Optional<AdapterDefinition> definition(String id) {
        return adapters.all().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The form field named first in the message, by the platform's field names or common words. */
    static String fieldNamed(String message, Optional<AdapterDefinition> definition) {
        Map<String, String> names = new LinkedHashMap<>();
        definition.ifPresent(d -> {
            for (FieldMapping f : d.fields()) {
                String field = formField(f.source());
                if (field != null) {
                    names.put(f.name(), field);
                }
            }
        });
        WORDS.forEach(names::putIfAbsent);
        String best = null;
        int at = Integer.MAX_VALUE;
        int length = 0;
        for (Map.Entry<String, String> e : names.entrySet()) {
            int i = message.indexOf(e.getKey());
            if (i >= 0 && (i < at || (i == at && e.getKey().length() > length))) {
                best = e.getValue();
                at = i;
                length = e.getKey().length();
            }
        }
        return best;
    }

    private static String formField(FieldMapping.Source source) {
        String field = null;
        if (source instanceof FieldMapping.From from) {
            field = from.field();
        } else if (source instanceof FieldMapping.Compose compose
                && !compose.placeholders().isEmpty()) {
            field = compose.placeholders().get(0);
        }
        if ("address".equals(field)) {
            return "building";
        }
        return FORM_FIELDS.containsKey(field) ? field : null;
    }
}
