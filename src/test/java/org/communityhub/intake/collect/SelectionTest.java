package org.communityhub.intake.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.communityhub.adapter.definition.Condition;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selection syntax of a collection: what each term takes, and what is refused. */
class SelectionTest {

    @TempDir
    Path dir;

    private Selection parse(String text, FieldErrors errors) {
        return Selection.parse(text, new Vocabulary(new CodeTables(), dir).current(), errors);
    }

    @Test
    void termsCombineAndAreStoredInOneSpelling() {
        FieldErrors errors = new FieldErrors();
        Selection s = parse(" tag:低保 ; age＞＝80；heads;party ", errors);
        assertThat(errors.list()).isEmpty();
        assertThat(s.text()).isEqualTo("tag:low-income;party;age>=80;heads");
        assertThat(s.tags()).containsExactly("low-income");
        assertThat(s.heads()).isTrue();
        assertThat(s.conditions())
                .containsExactly(
                        new Condition.Tags(Set.of("low-income")),
                        new Condition.Membership(Condition.Membership.Kind.PARTY),
                        new Condition.Age(80, null),
                        new Condition.FieldIn("relationToHead", Set.of("02"), false));
        assertThat(parse(s.text(), errors).text()).as("read again as stored").isEqualTo(s.text());
        assertThat(s.describe(tag -> "低保对象")).isEqualTo("在册居民中：标签“低保对象”，且党员（含预备党员），且年满 80 周岁，且户主（每户一行）");
    }

    @Test
    void agesMakeOneRange() {
        FieldErrors errors = new FieldErrors();
        assertThat(parse("age>=18;age<35", errors).conditions()).containsExactly(new Condition.Age(18, 34));
        assertThat(parse("age>60;age<=70", errors).conditions()).containsExactly(new Condition.Age(61, 70));
        assertThat(parse("age<18", errors).text()).isEqualTo("age<18");
        assertThat(parse("ALL", errors).conditions()).isEmpty();
        assertThat(errors.list()).isEmpty();
    }

    @Test
    void whatIsNotUnderstoodIsRefusedByPosition() {
        FieldErrors errors = new FieldErrors();
        parse("league;older;tag:没有的标签;age>=90;age<80", errors);
        assertThat(errors.list())
                .extracting(FieldError::code)
                .containsExactly("unknown-term", "unknown-tag", "empty-age-range");
        assertThat(errors.list().get(0).message()).startsWith("第 2 个条件");
        assertThat(errors.list().get(1).message()).startsWith("第 3 个条件");

        FieldErrors empty = new FieldErrors();
        parse("  ", empty);
        assertThat(empty.list()).extracting(FieldError::code).isEqualTo(List.of("selection-required"));
    }
}
