package org.communityhub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.util.List;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.Test;

/**
 * The test's own JSON reader finds what REST Assured's GPath finds, for every kind of path the
 * tests write, on one answer with lists, nested objects, nulls, numbers and Chinese names.
 */
@NeedsNoHub
class JsonTest {

    private static final String ANSWER = """
            {"total": 3, "ok": true, "nothing": null, "score": 0.75,
             "items": [
               {"id": "a", "residentId": "r1", "status": "SYNCED", "count": 2, "tags": ["低保", "独居"],
                "residents": [{"id": "p1"}, {"id": "p2"}], "resource": "/api/v1/collections/1/fill/2",
                "changes": [{"field": "room", "old": "701", "new": "702"}], "fields": {"特殊人群类别": "低保"}},
               {"id": "b", "residentId": "r2", "status": "DEAD", "count": 0, "tags": [],
                "residents": [], "resource": "/api/v1/other", "changes": [], "fields": {}},
               {"id": "c", "residentId": "r1", "status": "PENDING", "count": 5, "tags": ["退役军人"],
                "residents": [{"id": "p3"}], "resource": "/fill/3", "changes": null, "fields": null}
             ],
             "members": [{"residentId": "r1", "role": "head", "size": 4}],
             "summary": {"rows": 10, "byKind": {"ERROR": 1, "WARNING": 0}}}
            """;

    private static final List<String> PATHS = List.of(
            "total",
            "ok",
            "nothing",
            "missing",
            "missing.deeper",
            "items.size()",
            "items[0].id",
            "items[-1].id",
            "items[7]",
            "items.id",
            "items.tags",
            "items[0].tags[1]",
            "items[0].fields.特殊人群类别",
            "items[0].fields.'特殊人群类别'",
            "items.residents.id",
            "items.find { it.residentId == 'r1' }.status",
            "items.find { it.residentId == 'nobody' }",
            "items.findAll { it.residentId == 'r1' }.id",
            "items.findAll { it.residentId == 'r1' && it.status == 'PENDING' }.id",
            "items.findAll { it.status == 'DEAD' || it.count == 5 }.id",
            "items.findAll { it.count != 0 }.size()",
            "items.find { it.count == 2 }.changes.find { it.field == 'room' }.new",
            "items.collect { it.id }",
            "items.collect { it.residents.id }",
            "items.findAll { it.resource.contains('/fill/') }.collect { it.residents.size() }",
            "items.findAll { it.resource.startsWith('/api') }.id",
            "items.findAll { it.tags.contains('低保') }.id",
            "items.findAll { it.tags.contains('低') }.id",
            "items.find { it.count == 5 }.id",
            "members.find { it.residentId == 'r1' }.size",
            "members.size()",
            "summary.byKind.ERROR",
            "summary.size()");

    @Test
    void everyKindOfPathFindsWhatRestAssuredFinds() {
        JsonPath gpath = JsonPath.from(ANSWER);
        Json json = Json.from(ANSWER);
        for (String path : PATHS) {
            assertThat((Object) json.get(path)).as(path).isEqualTo(gpath.get(path));
        }
        assertThat(json.getMap("$").keySet()).isEqualTo(gpath.getMap("$").keySet());
        // A decimal is a Double here, a Float in GPath: the same number either way.
        assertThat(json.getFloat("score")).isEqualTo(gpath.getFloat("score"));
        assertThat(json.getString("total")).isEqualTo(gpath.getString("total"));
        assertThat(json.getList("items.id", String.class)).containsExactly("a", "b", "c");
    }

    /**
     * Where Groovy meets a null midway (the second item has no residents), REST Assured answers
     * null for the whole path; this reader goes on with null for that item, as a property of null
     * is null elsewhere in both.
     */
    @Test
    void aNullMidwayIsNullForItsItemOnly() {
        assertThat(JsonPath.from(ANSWER).getList("items.collect { it.residents[0].id }"))
                .isNull();
        assertThat(Json.from(ANSWER).getList("items.collect { it.residents[0].id }"))
                .containsExactly("p1", null, "p3");
    }

    @Test
    void aMatcherSaysWhereItLookedAndWhatItFound() {
        Matcher<Object> matcher = Json.at("items.find { it.residentId == 'r2' }.status", equalTo("SYNCED"));

        assertThat(matcher.matches(ANSWER)).isFalse();
        StringDescription mismatch = new StringDescription();
        matcher.describeMismatch(ANSWER, mismatch);
        assertThat(mismatch.toString()).contains("items.find { it.residentId == 'r2' }.status", "\"DEAD\"");
        assertThat(Json.at("items[1].status", equalTo("DEAD")).matches(ANSWER)).isTrue();
    }

    @Test
    void aPathItCannotReadFailsTheTestThatWroteIt() {
        assertThatThrownBy(() -> Json.from(ANSWER).get("items.sort { it.id }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("items.sort { it.id }");
        assertThatThrownBy(() -> Json.from(ANSWER).get("$.items[0].id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$");
        assertThatThrownBy(() -> Json.from(ANSWER).get("items.max()"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
        assertThatThrownBy(() -> Json.from("{\"unclosed\": ")).isInstanceOf(IllegalArgumentException.class);
    }
}
