package org.communityhub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.ids.Ids;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.PersonName;

/**
 * Synthetic residents for the benchmarks: a generated ledger row by number, and a bulk insert of
 * many residents straight into the registry's table with the hub's own encryption, blind indexes
 * and name keys (the outbox trigger fires as for any insert; no history is written).
 */
final class BenchResidents {

    /** Common surnames, the commonest first: {@link #name} takes one of the first ten half the time. */
    private static final String[] SURNAMES =
            ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
                    .split("");
    /** Characters of given names, common ones. */
    private static final String[] GIVEN = ("伟芳娜敏静强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏丽飞斌宇浩凯健俊帆帅旭宁博文斌"
                    + "建国志海波辉亮林晨欣怡佳琪雪婷慧颖晶晓燕春秋冬云龙虎凤鸣东南北鑫磊淑珍秀芬玲倩蕾岩峰松柏"
                    + "嘉豪子轩梓涵雨萱思远天佑一诺欣然浩然宇航家乐雅静诗琪梦瑶俊杰振华德胜永福春生桂花金凤")
            .split("");

    private BenchResidents() {}

    /**
     * Row {@code i} of the generated ledger: name, ID number, sex (男/女), birth date, ethnicity,
     * political status, mobile, building, unit, room, residence type; a synthetic person with a
     * unique, valid ID number (every {@code i} gives another number).
     */
    static List<String> ledgerRow(int i) {
        // Sequence numbers 101..999 that are not multiples of ten: no number ends in 000 (which the
        // registry wants confirmed against the document, as a spreadsheet may have cut it).
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(i / 810);
        int k = i % 810;
        int seq = 101 + (k / 9) * 10 + k % 9;
        String first17 = "110105" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + seq;
        String id = first17 + IdNumber.checkCharacter(first17);
        String sex = seq % 2 == 1 ? "男" : "女";
        String name = name(i);
        String phone = "139" + String.format("%08d", i % 100_000_000);
        return List.of(
                name,
                id,
                sex,
                birth.toString(),
                "汉族",
                "群众",
                phone,
                (1 + i % 30) + "号楼",
                String.valueOf(1 + i % 4),
                String.valueOf(101 + i % 20),
                "户籍人口");
    }

    /**
     * Person {@code i}'s name: a surname, the commonest more often, and a given name of one
     * character (one in five) or two. A name is shared as in a real district, by a few people, the
     * commonest by a few hundred in a million, and not by hundreds each.
     */
    static String name(int i) {
        long h = mix(i);
        int s = (int) ((h >>> 1) % 2 == 0 ? (h >>> 8) % 10 : (h >>> 8) % SURNAMES.length);
        String first = GIVEN[(int) ((h >>> 20) % GIVEN.length)];
        String second = (h >>> 40) % 5 == 0 ? "" : GIVEN[(int) ((h >>> 44) % GIVEN.length)];
        return SURNAMES[s] + first + second;
    }

    /** SplitMix64's finaliser: a fixed, well-spread number for each {@code i}. */
    private static long mix(long i) {
        long z = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }

    /** Ledger row {@code i} as {@link #insert} takes it: name, ID number, sex, birth, building, unit, room, phone. */
    static String[] residentRow(int i) {
        List<String> r = ledgerRow(i);
        return new String[] {r.get(0), r.get(1), null, r.get(3), r.get(7), r.get(8), r.get(9), r.get(6)};
    }

    /**
     * Inserts residents into {@code community} in one statement; each row is {name, idNumber (or
     * null), sex code (used without an ID number), birth (yyyy-MM-dd), building, unit, room, phone
     * (or null)}. Rows whose ID number is held already are skipped. Returns the new residents' ids.
     */
    static List<UUID> insert(Connection c, PiiCipher pii, List<String[]> rows, String community) throws Exception {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] names = new String[n];
        String[] keys = new String[n];
        byte[][] idCipher = new byte[n][];
        byte[][] idIndex = new byte[n][];
        String[] sexes = new String[n];
        java.sql.Date[] births = new java.sql.Date[n];
        String[] buildings = new String[n];
        String[] units = new String[n];
        String[] rooms = new String[n];
        byte[][] phoneCipher = new byte[n][];
        byte[][] phoneIndex = new byte[n][];
        for (int k = 0; k < n; k++) {
            String[] r = rows.get(k);
            ids[k] = Ids.newId();
            names[k] = r[0];
            keys[k] = PersonName.soundKey(r[0]);
            String number = r[1];
            LocalDate birth = LocalDate.parse(r[3]);
            String sex = r[2];
            if (number != null) {
                IdNumber parsed = IdNumber.parse(number, LocalDate.now());
                number = parsed.value();
                birth = parsed.birthDate();
                sex = parsed.sex();
            }
            idCipher[k] = number == null ? null : pii.encrypt(PiiField.ID_NUMBER, number);
            idIndex[k] = number == null ? null : pii.blindIndex(PiiField.ID_NUMBER, number);
            sexes[k] = sex;
            births[k] = java.sql.Date.valueOf(birth);
            buildings[k] = r[4];
            units[k] = r[5];
            rooms[k] = r[6];
            phoneCipher[k] = r[7] == null ? null : pii.encrypt(PiiField.PHONE, r[7]);
            phoneIndex[k] = r[7] == null ? null : pii.blindIndex(PiiField.PHONE, r[7]);
        }
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("insert into resident (id, name, name_key, id_type,"
                + " id_number_cipher, id_number_index, sex, birth_date, ethnicity, residence_type, community_code,"
                + " building, unit, room, tags, status, version, created_at, created_by, updated_at, updated_by,"
                + " phone_cipher, phone_index)"
                + " select r.id, r.name, r.key, case when r.idc is null then null else '1' end, r.idc, r.idi, r.sex,"
                + " r.birth, '01', '1', ?, r.building, r.unit, r.room, '{}', 'ACTIVE', 0, now(), 'bench', now(),"
                + " 'bench', r.pc, r.pi"
                + " from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::bytea[], ?::bytea[], ?::varchar[], ?::date[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[], ?::bytea[])"
                + " as r(id, name, key, idc, idi, sex, birth, building, unit, room, pc, pi)"
                + " on conflict do nothing returning id")) {
            ps.setString(1, community);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("varchar", names));
            ps.setArray(4, c.createArrayOf("varchar", keys));
            ps.setArray(5, c.createArrayOf("bytea", idCipher));
            ps.setArray(6, c.createArrayOf("bytea", idIndex));
            ps.setArray(7, c.createArrayOf("varchar", sexes));
            ps.setArray(8, c.createArrayOf("date", births));
            ps.setArray(9, c.createArrayOf("varchar", buildings));
            ps.setArray(10, c.createArrayOf("varchar", units));
            ps.setArray(11, c.createArrayOf("varchar", rooms));
            ps.setArray(12, c.createArrayOf("bytea", phoneCipher));
            ps.setArray(13, c.createArrayOf("bytea", phoneIndex));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }
}
