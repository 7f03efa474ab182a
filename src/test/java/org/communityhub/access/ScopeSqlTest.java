package org.communityhub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.TestSql;
import org.junit.jupiter.api.Test;

/** The SQL that keeps a query inside an area keeps exactly what the area covers, in PostgreSQL. */
@HubTest
class ScopeSqlTest {

    private static final int[] LEVEL_LENGTHS = {2, 4, 6, 9, 12};

    @Test
    void theConditionKeepsTheCodesTheScopeCoversAndNoOther() throws SQLException {
        Random random = new Random(20261205);
        List<String> codes = new ArrayList<>();
        // Codes a digit apart at every level, the ends of a range (0…, 9…) and their neighbours.
        for (String edge : List.of("110101", "119999", "120000", "110109", "11010999", "1101010019")) {
            for (int length : LEVEL_LENGTHS) {
                codes.add(padded(edge, length, '0'));
                codes.add(padded(edge, length, '9'));
            }
        }
        while (codes.size() < 400) {
            String parent = codes.get(random.nextInt(codes.size()));
            int length = LEVEL_LENGTHS[random.nextInt(LEVEL_LENGTHS.length)];
            StringBuilder code = new StringBuilder(parent.substring(0, Math.min(parent.length(), length)));
            while (code.length() < length) {
                code.append(random.nextInt(10));
            }
            codes.add(code.toString());
        }
        List<AreaScope> scopes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Set<String> scope = new HashSet<>();
            int size = 1 + random.nextInt(3);
            while (scope.size() < size) {
                String code = codes.get(random.nextInt(codes.size()));
                // A division at some level above (or at) a code that is on the list.
                scope.add(code.substring(0, levelAtMost(code.length(), random)));
            }
            scopes.add(new AreaScope(scope));
        }
        scopes.add(AreaScope.everywhere());
        scopes.add(new AreaScope(Set.of()));

        try (Connection c = TestSql.connect()) {
            for (AreaScope scope : scopes) {
                Set<String> expected = new TreeSet<>();
                codes.stream().filter(scope::covers).forEach(expected::add);
                assertThat(kept(c, scope, codes))
                        .as("kept by %s", scope.codes())
                        .isEqualTo(expected);
            }
        }
    }

    /**
     * A search by name inside a community finds its rows in one index over the community and the
     * name's pieces, which takes the community's condition as written here (a {@code LIKE} on the
     * code it could not take, and the search read the name's namesakes across the area). Which
     * index PostgreSQL chooses depends on the rows; the plan at a million residents is in
     * benchmarks/api-search-name.md.
     */
    @Test
    void theNameIndexStartsFromTheCommunity() throws SQLException {
        assertThat(TestSql.text(
                        "select indexdef from pg_indexes where indexname = 'resident_community_name_grams_idx'"))
                .endsWith("USING gin (community_code, name_grams)");
        assertThat(TestSql.count("select count(*) from pg_indexes where tablename = 'resident'"
                        + " and indexdef like '%USING gin (name_grams)'"))
                .as("the index over the name's pieces alone, which it replaces")
                .isZero();
        assertThat(ScopeSql.condition(AreaScope.of(List.of("110105001951")), "r.community_code"))
                .doesNotContainIgnoringCase("like");
    }

    private static Set<String> kept(Connection c, AreaScope scope, List<String> codes) throws SQLException {
        String sql = "select code from unnest(?) as t(code) where " + ScopeSql.condition(scope, "code");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", codes.toArray()));
            Set<String> kept = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.add(rs.getString(1));
                }
            }
            return kept;
        }
    }

    private static String padded(String code, int length, char fill) {
        return code.length() >= length
                ? code.substring(0, length)
                : code + String.valueOf(fill).repeat(length - code.length());
    }

    private static int levelAtMost(int length, Random random) {
        List<Integer> shorter = new ArrayList<>();
        for (int level : LEVEL_LENGTHS) {
            if (level <= length) {
                shorter.add(level);
            }
        }
        return shorter.get(random.nextInt(shorter.size()));
    }
}
