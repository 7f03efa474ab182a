package org.communityhub.registry.place;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.error.FieldError;
import org.hibernate.Session;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

@ApplicationScoped
class DivisionRepository implements PanacheRepositoryBase<Division, String> {

    /** How many created and renamed divisions a bulk write made. */
    record UpsertCounts(int created, int renamed, int unchanged) {}

    List<Division> children(String parentCode, String nameContains, int page, int size) {
        return childQuery(parentCode, nameContains).page(Page.of(page, size)).list();
    }

    long countChildren(String parentCode, String nameContains) {
        return childQuery(parentCode, nameContains).count();
    }

    private io.quarkus.hibernate.orm.panache.PanacheQuery<Division> childQuery(String parentCode, String q) {
        String where = parentCode == null ? "parentCode is null" : "parentCode = ?1";
        Sort sort = Sort.by("code");
        if (q == null) {
            return parentCode == null ? find(where, sort) : find(where, sort, parentCode);
        }
        String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return parentCode == null
                ? find(where + " and name like ?1", sort, like)
                : find(where + " and name like ?2", sort, parentCode, like);
    }

    /** The first {@code limit} communities (社区/村) inside an area scope, by code. */
    List<Division> communitiesIn(AreaScope scope, int limit) {
        return find("level = ?1 and " + ScopeSql.condition(scope, "code"), Sort.by("code"), (short) Division.COMMUNITY)
                .range(0, limit - 1)
                .list();
    }

    /** Communities (社区/村) inside an area scope, by code; {@code q}: part of the name, or the start of the code. */
    io.quarkus.hibernate.orm.panache.PanacheQuery<Division> communities(AreaScope scope, String q) {
        String where = "level = ?1 and " + ScopeSql.condition(scope, "code");
        if (q == null) {
            return find(where, Sort.by("code"), (short) Division.COMMUNITY);
        }
        String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return find(
                where + " and (name like ?2 or code like ?3)",
                Sort.by("code"),
                (short) Division.COMMUNITY,
                like,
                q.matches("[0-9]+") ? q + "%" : "-"); // a code never starts with '-'
    }

    /**
     * Stages rows in a temporary table of this transaction (PostgreSQL COPY, streaming).
     * Call {@link #checkStaged} and then {@link #upsertStaged} in the same transaction.
     */
    int stage(Iterator<DivisionRow> rows) {
        return session().doReturningWork(connection -> {
            try (Statement s = connection.createStatement()) {
                s.execute(
                        "create temporary table if not exists division_staging "
                                + "(code varchar(12), name varchar(100), parent_code varchar(12), line integer) on commit drop");
                s.execute("truncate division_staging");
            }
            CopyIn copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy division_staging (code, name, parent_code, line) from stdin (format csv)");
            int count = 0;
            try {
                StringBuilder batch = new StringBuilder();
                while (rows.hasNext()) {
                    DivisionRow row = rows.next();
                    batch.append(row.code())
                            .append(',')
                            .append('"')
                            .append(row.name().replace("\"", "\"\""))
                            .append('"')
                            .append(',')
                            .append(row.parentCode() == null ? "" : row.parentCode())
                            .append(',')
                            .append(row.line())
                            .append('\n');
                    count++;
                    if (batch.length() > 64 * 1024) {
                        write(copy, batch);
                    }
                }
                write(copy, batch);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            return count;
        });
    }

    /**
     * Staged rows whose parent is unknown or whose code appears twice; at most {@code limit}.
     * {@code parentColumn} is what the source file calls the parent's column.
     */
    List<FieldError> checkStaged(int limit, String parentColumn) {
        return session().doReturningWork(connection -> {
            List<FieldError> errors = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "select min(line), code from division_staging group by code having count(*) > 1 "
                            + "order by 1 limit ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        errors.add(new FieldError(
                                "line[" + rs.getInt(1) + "].code", "duplicate-code", "区划代码在文件中出现了不止一次。"));
                    }
                }
            }
            try (PreparedStatement ps =
                    connection.prepareStatement("select s.line from division_staging s where s.parent_code is not null "
                            + "and not exists (select 1 from division d where d.code = s.parent_code) "
                            + "and not exists (select 1 from division_staging p where p.code = s.parent_code) "
                            + "order by s.line limit ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        errors.add(new FieldError(
                                "line[" + rs.getInt(1) + "]." + parentColumn,
                                "unknown-parent",
                                "上级区划不存在：请先导入或添加上级区划。"));
                    }
                }
            }
            return errors;
        });
    }

    /** Inserts new staged divisions and renames changed ones, parents before children. */
    UpsertCounts upsertStaged() {
        return session().doReturningWork(connection -> {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("with changed as ("
                            + " insert into division (code, name, level, parent_code)"
                            + " select code, name, case length(code) when 2 then 1 when 4 then 2 when 6 then 3"
                            + "   when 9 then 4 else 5 end, nullif(parent_code, '')"
                            + " from division_staging order by length(code), code"
                            + " on conflict (code) do update set name = excluded.name"
                            + "   where division.name is distinct from excluded.name"
                            + " returning (xmax = 0) as inserted)"
                            + " select count(*) filter (where inserted), count(*) filter (where not inserted),"
                            + " (select count(*) from division_staging) from changed")) {
                rs.next();
                int created = rs.getInt(1);
                int renamed = rs.getInt(2);
                return new UpsertCounts(created, renamed, rs.getInt(3) - created - renamed);
            }
        });
    }

    private static void write(CopyIn copy, StringBuilder batch) throws SQLException {
        byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        batch.setLength(0);
    }

    private Session session() {
        return getEntityManager().unwrap(Session.class);
    }
}
