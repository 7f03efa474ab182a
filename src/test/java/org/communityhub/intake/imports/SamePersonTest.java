package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.communityhub.registry.resident.ResidentRequest;
import org.junit.jupiter.api.Test;

/** The rows of one person made one: which values are taken, and which rows are written. */
class SamePersonTest {

    @Test
    void theUsableNumberFilledValuesAndTheMajorityAreTaken() {
        SamePerson.Merged merged = SamePerson.merge(List.of(
                row(2, "王秀瑛", "110105196103020024", false, null, "21"),
                row(3, "王秀英", "110105196103020028", true, "13800000001", null),
                row(4, "王秀英", "110105196103020028", true, null, "31")));

        ResidentRequest r = merged.it().request();
        assertThat(r.idNumber()).as("never a refused number").isEqualTo("110105196103020028");
        assertThat(r.name()).isEqualTo("王秀英");
        assertThat(r.phone()).isEqualTo("13800000001");
        assertThat(r.education())
                .as("a tie: the best row's (usable number, fuller, earlier)")
                .isEqualTo("31");
        assertThat(merged.differences())
                .extracting(SamePerson.Difference::field)
                .containsExactly("name", "education");
        SamePerson.Difference name = merged.differences().get(0);
        assertThat(name.agreeing()).containsExactlyInAnyOrder(3L, 4L);
        assertThat(name.concerns(3, 2))
                .as("the first row's value is not the one taken")
                .isTrue();
    }

    @Test
    void spellingsOfOneNameAreOneValueWrittenSimplified() {
        SamePerson.Merged merged = SamePerson.merge(List.of(
                row(2, "張 偉", "110105198410090017", true, null, null),
                row(3, "张伟", "110105198410090017", true, null, null)));
        assertThat(merged.it().request().name()).isEqualTo("张伟");
        assertThat(merged.differences()).isEmpty();
    }

    @Test
    void aGroupIsWrittenOnItsFirstRowWithoutAnErrorAndDeclinedValuesAreLeftOut() {
        SamePersonRows rows = SamePersonRows.of(
                List.of(
                        new SamePersonRows.Link(7, 3, ImportJobs.DUPLICATE_IN_FILE, null),
                        new SamePersonRows.Link(9, 3, ImportJobs.DUPLICATE_IN_FILE, null),
                        new SamePersonRows.Link(9, 3, ImportJobs.VALUES_DIFFER, "DECLINED"),
                        new SamePersonRows.Link(2, 3, ImportJobs.DAMAGED_ID_IN_FILE, "ACCEPTED"),
                        new SamePersonRows.Link(12, 11, ImportJobs.DAMAGED_ID_IN_FILE, "PENDING"),
                        new SamePersonRows.Link(15, 20, ImportJobs.PROBABLE_DUPLICATE_IN_FILE, "ACCEPTED"),
                        new SamePersonRows.Link(30, 31, ImportJobs.DUPLICATE_IN_FILE, null)),
                new long[] {2, 12, 30});

        assertThat(rows.notWritten()).containsExactly(2, 7, 9, 20, 30);
        assertThat(rows.merging()).containsOnlyKeys(3L, 15L);
        assertThat(rows.merging().get(3L)).containsExactly(2, 3, 7);
        assertThat(rows.merging().get(15L)).containsExactly(15, 20);
        assertThat(rows.rowsToRead()).containsExactly(2, 3, 7, 15, 20);
    }

    private static SamePerson.Row row(
            long number, String name, String idNumber, boolean usable, String phone, String education) {
        ResidentRequest r = new ResidentRequest(
                name,
                idNumber,
                null,
                "2",
                "1961-03-02",
                "01",
                null,
                education,
                null,
                phone,
                "1",
                "110105001001",
                null,
                null,
                null,
                null,
                null,
                null);
        return new SamePerson.Row(
                number, new RowInterpreter.Interpreted(r, List.of(), null, null, null, false), usable);
    }
}
