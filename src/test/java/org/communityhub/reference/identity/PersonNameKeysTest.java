package org.communityhub.reference.identity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.communityhub.testing.NeedsNoHub;
import org.junit.jupiter.api.Test;

@NeedsNoHub
class PersonNameKeysTest {

    @Test
    void homophonesShareTheSoundKey() {
        assertThat(PersonName.soundKey("张伟")).isEqualTo("zhangwei");
        assertThat(PersonName.soundKey("章伟")).isEqualTo("zhangwei");
        assertThat(PersonName.soundKey("张玮")).isEqualTo("zhangwei");
        assertThat(PersonName.soundKey("张伟")).isNotEqualTo(PersonName.soundKey("张薇薇"));
        assertThat(PersonName.soundKey("王芳")).isNotEqualTo(PersonName.soundKey("张伟"));
    }

    @Test
    void traditionalFullWidthAndSpacedSpellingsCompareAsOne() {
        assertThat(PersonName.comparable("張偉")).isEqualTo("张伟");
        assertThat(PersonName.comparable("张 伟")).isEqualTo("张伟");
        assertThat(PersonName.comparable("张\u3000伟")).isEqualTo("张伟");
        assertThat(PersonName.comparable("劉德華")).isEqualTo("刘德华");
        assertThat(PersonName.comparable("阿卜杜拉·买买提")).isEqualTo("阿卜杜拉买买提");
        assertThat(PersonName.comparable("阿卜杜拉・买买提")).isEqualTo("阿卜杜拉买买提");
        assertThat(PersonName.comparable("ＪＯＨＮ　ＳＭＩＴＨ")).isEqualTo("johnsmith");
        assertThat(PersonName.soundKey("張偉")).isEqualTo(PersonName.soundKey("张伟"));
    }

    @Test
    void variantCharactersOfOneReadingShareTheSoundKey() {
        assertThat(PersonName.soundKey("李峯")).isEqualTo(PersonName.soundKey("李峰"));
        assertThat(PersonName.soundKey("王喆")).isEqualTo(PersonName.soundKey("王哲"));
        assertThat(PersonName.soundKey("刘堃")).isEqualTo(PersonName.soundKey("刘坤"));
    }

    @Test
    void surnamesKnowTheCompoundOnes() {
        assertThat(PersonName.surname("欧阳娜娜")).isEqualTo("欧阳");
        assertThat(PersonName.surname("司马光")).isEqualTo("司马");
        assertThat(PersonName.surname("歐陽修")).isEqualTo("欧阳");
        assertThat(PersonName.surname("张伟")).isEqualTo("张");
        assertThat(PersonName.surname("欧明")).isEqualTo("欧");
        assertThat(PersonName.surname("阿卜杜拉·买买提")).isEmpty();
        assertThat(PersonName.surname("John Smith")).isEmpty();
    }

    @Test
    void namesInOtherScriptsKeepAKeyOfTheirOwn() {
        assertThat(PersonName.soundKey("John Smith")).isEqualTo("johnsmith");
        assertThat(PersonName.soundKey("")).isEmpty();
        assertThat(PersonName.soundKey(null)).isEmpty();
    }

    @Provide
    Arbitrary<String> chineseNames() {
        return Arbitraries.strings()
                .withCharRange('\u4e00', '\u9fa5')
                .ofMinLength(2)
                .ofMaxLength(4);
    }

    @Property
    void theKeysOfAWrittenVariantAreTheKeysOfTheName(@ForAll("chineseNames") String name) {
        String spaced = String.join(" ", name.split(""));
        assertThat(PersonName.soundKey(spaced)).isEqualTo(PersonName.soundKey(name));
        assertThat(PersonName.comparable(spaced)).isEqualTo(PersonName.comparable(name));
        assertThat(PersonName.soundKey(name)).matches("[a-z]+");
    }

    /** The key is built a character at a time from a cache: the same as ICU romanising the whole name. */
    @Property(tries = 2000)
    void theSoundKeyIsTheWholeNamesPinyin(@ForAll("chineseNames") String name) {
        String comparable = PersonName.comparable(name);
        String whole = WHOLE_NAME.transliterate(comparable).replaceAll("[^a-z]+", "");
        assertThat(PersonName.soundKey(name)).isEqualTo(whole);
    }

    private static final com.ibm.icu.text.Transliterator WHOLE_NAME =
            com.ibm.icu.text.Transliterator.getInstance("Han-Latin; Latin-ASCII; Lower");

    @Property
    void theComparableFormIsSimplifiedAlready(@ForAll("chineseNames") String name) {
        String once = PersonName.comparable(name);
        assertThat(PersonName.comparable(once)).isEqualTo(once);
    }
}
