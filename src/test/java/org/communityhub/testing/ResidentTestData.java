package org.communityhub.testing;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic resident request with sensible defaults: {@code aResident().in(community).withName("张伟")}.
 * Names are made up; ID numbers come from {@link IdNumbers}.
 */
public final class ResidentTestData {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private ResidentTestData() {}

    public static ResidentTestData aResident() {
        ResidentTestData r = new ResidentTestData();
        LocalDate birth = LocalDate.of(1985, 6, 15);
        r.fields.put("name", "测试居民");
        r.fields.put("idNumber", IdNumbers.of(birth, "1"));
        r.fields.put("ethnicity", "01");
        r.fields.put("residenceType", "1");
        r.fields.put("building", "1号楼");
        r.fields.put("unit", "1");
        r.fields.put("room", "101");
        return r;
    }

    public ResidentTestData in(String communityCode) {
        return with("communityCode", communityCode);
    }

    public ResidentTestData withName(String name) {
        return with("name", name);
    }

    public ResidentTestData bornOn(LocalDate birth, String sex) {
        return with("idNumber", IdNumbers.of(birth, sex));
    }

    public ResidentTestData withIdNumber(String idNumber) {
        return with("idNumber", idNumber);
    }

    public ResidentTestData withoutIdNumber(LocalDate birth, String sex) {
        fields.remove("idNumber");
        return with("birthDate", birth.toString()).with("sex", sex);
    }

    public ResidentTestData at(String building, String unit, String room) {
        return with("building", building).with("unit", unit).with("room", room);
    }

    public ResidentTestData withTags(String... tags) {
        return with("tags", List.of(tags));
    }

    public ResidentTestData with(String field, Object value) {
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        return this;
    }

    /**
     * Registers the resident through the API as {@code username}; returns the new resident's id.
     * The answer is read with Jackson (this runs a few thousand times a suite).
     */
    public String registerAs(String username) {
        return (String) Users.as(username)
                .body(json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class)
                .get("id");
    }

    public String idNumber() {
        return (String) fields.get("idNumber");
    }

    public Map<String, Object> json() {
        return new LinkedHashMap<>(fields);
    }
}
