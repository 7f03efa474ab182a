package org.communityhub.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.communityhub.reference.identity.IdNumber;

/**
 * Made-up people for the demo community: names drawn from common surnames and given-name
 * characters, valid synthetic ID numbers, mobile numbers. Deterministic for a seed, so every demo
 * start looks alike. Nothing here is copied from a real person.
 */
final class SyntheticPeople {

    private static final String SURNAMES =
            "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任" + "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    private static final String[] COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "皇甫"};
    private static final String MALE_CHARS = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣毅晨睿博文天志建国";
    private static final String FEMALE_CHARS = "芳娜敏静丽艳娟霞秀英慧婷雪琳玲洁萍红梅颖倩琴云莉兰凤丹蕾薇佳雯悦欣怡晶月嘉";
    private static final String[] UYGHUR_GIVEN = {"阿依古丽", "买买提", "艾力", "热依拉", "古丽娜尔", "阿不都", "努尔", "帕提曼"};
    private static final String[] UYGHUR_FAMILY = {"吐尔逊", "阿不力孜", "艾买提", "热合曼", "依明", "托合提"};
    /** Regions of flows into the demo community (migrants' ID numbers carry their home county). */
    private static final String[] HOME_REGIONS = {
        "110105", "130102", "370102", "410105", "420106", "510104", "340104", "230103"
    };

    private final Random random;
    private final Set<String> issued = new HashSet<>();
    private int sequence;

    SyntheticPeople(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String name(String sex) {
        String surname = random.nextInt(40) == 0
                ? COMPOUND_SURNAMES[random.nextInt(COMPOUND_SURNAMES.length)]
                : String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        String chars = "1".equals(sex) ? MALE_CHARS : FEMALE_CHARS;
        StringBuilder name = new StringBuilder(surname).append(chars.charAt(random.nextInt(chars.length())));
        if (random.nextInt(3) > 0) {
            name.append(chars.charAt(random.nextInt(chars.length())));
        }
        return name.toString();
    }

    /** A Uyghur name written in Chinese with the separator ·, as registers hold them. */
    String minorityName() {
        return UYGHUR_GIVEN[random.nextInt(UYGHUR_GIVEN.length)] + "·"
                + UYGHUR_FAMILY[random.nextInt(UYGHUR_FAMILY.length)];
    }

    /** A valid synthetic citizen ID; {@code local} picks the home county, else a migrant's. */
    String idNumber(LocalDate birth, String sex, boolean local) {
        String region = local ? "110105" : HOME_REGIONS[1 + random.nextInt(HOME_REGIONS.length - 1)];
        return withSequence(region, birth, sex);
    }

    /** A Hong Kong, Macao or Taiwan residence permit number. */
    String permitNumber(LocalDate birth, String sex) {
        return withSequence(new String[] {"810000", "820000", "830000"}[random.nextInt(3)], birth, sex);
    }

    String mobile() {
        return "1" + "3456789".charAt(random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
    }

    LocalDate birthBetweenAges(LocalDate today, int minAge, int maxAge) {
        int age = minAge + random.nextInt(maxAge - minAge + 1);
        return today.minusYears(age).minusDays(1 + random.nextInt(360));
    }

    private String withSequence(String region, LocalDate birth, String sex) {
        // Two counting digits and a sex digit (odd male, even female); never a number ending in 000.
        int n = sequence++;
        int sexDigit = (n % 5) * 2 + ("1".equals(sex) ? 1 : 0);
        String first17 = region
                + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%02d%d", (n / 5) % 100, sexDigit);
        String number = first17 + IdNumber.checkCharacter(first17);
        return number.endsWith("000") || !issued.add(number) ? withSequence(region, birth, sex) : number;
    }
}
