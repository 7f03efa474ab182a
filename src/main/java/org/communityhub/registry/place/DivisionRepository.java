package org.communityhub.registry.place;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.CopyRows;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.error.FieldError;
import org.communityhub.reference.place.DivisionCode;

@ApplicationScoped
class DivisionRepository implements PanacheRepositoryBase<Division, String> {

    /** How many created and renamed divisions a bulk write made. */
    record UpsertCounts(int created, int renamed, int unchanged) {}

    /** Rows sent to the staging table in one COPY, so a large file is never held whole. */
    private static final int COPY_ROWS = 10_000;

    private final Jdbc jdbc;

    DivisionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

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
        return find("level = ?1 and " + ScopeSql.condition(scope, "code"), Sort.by("code"), (short)
                        DivisionCode.COMMUNITY_LEVEL)
                .range(0, limit - 1)
                .list();
    }

    /** Communities (社区/村) inside an area scope, by code; {@code q}: part of the name, or the start of the code. */
    io.quarkus.hibernate.orm.panache.PanacheQuery<Division> communities(AreaScope scope, String q) {
        String where = "level = ?1 and " + ScopeSql.condition(scope, "code");
        if (q == null) {
            return find(where, Sort.by("code"), (short) DivisionCode.COMMUNITY_LEVEL);
        }
        String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return find(
                where + " and (name like ?2 or code like ?3)",
                Sort.by("code"),
                (short) DivisionCode.COMMUNITY_LEVEL,
                like,
                q.matches("[0-9]+") ? q + "%" : "-"); // a code never starts with '-'
    }

    /**
     * Stages rows in a temporary table of this transaction (PostgreSQL COPY, streaming).
     * Call {@link #checkStaged} and then {@link #upsertStaged} in the same transaction.
     */
    int stage(Iterator<DivisionRow> rows) {
        jdbc.update("""
                create temporary table if not exists division_staging
                 (code varchar(12), name varchar(100), parent_code varchar(12), line integer) on commit drop""");
        jdbc.update("truncate division_staging");
        int count = 0;
        CopyRows batch = new CopyRows(COPY_ROWS);
        while (rows.hasNext()) {
            DivisionRow row = rows.next();
            // An empty code or parent is null, as an unquoted empty CSV field was.
            batch.text(emptyToNull(row.code()))
                    .text(row.name())
                    .text(emptyToNull(row.parentCode()))
                    .text(Integer.toString(row.line()))
                    .endRow();
            count++;
            if (batch.rows() == COPY_ROWS) {
                jdbc.copyIn(STAGE, batch);
                batch = new CopyRows(COPY_ROWS);
            }
        }
        if (batch.rows() > 0) {
            jdbc.copyIn(STAGE, batch);
        }
        return count;
    }

    private static final String STAGE = "copy division_staging (code, name, parent_code, line) from stdin";

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * Staged rows whose parent is unknown or whose code appears twice; at most {@code limit}.
     * {@code parentColumn} is what the source file calls the parent's column.
     */
    List<FieldError> checkStaged(int limit, String parentColumn) {
        List<FieldError> errors = new ArrayList<>(jdbc.query(
                """
                select min(line), code from division_staging group by code having count(*) > 1
                 order by 1 limit ?""",
                ps -> ps.setInt(1, limit),
                rs -> new FieldError("line[" + rs.getInt(1) + "].code", "duplicate-code", "区划代码在文件中出现了不止一次。")));
        errors.addAll(jdbc.query(
                """
                select s.line from division_staging s where s.parent_code is not null
                 and not exists (select 1 from division d where d.code = s.parent_code)
                 and not exists (select 1 from division_staging p where p.code = s.parent_code)
                 order by s.line limit ?""",
                ps -> ps.setInt(1, limit),
                rs -> new FieldError(
                        "line[" + rs.getInt(1) + "]." + parentColumn, "unknown-parent", "上级区划不存在：请先导入或添加上级区划。")));
        return errors;
    }

    /** Inserts new staged divisions and renames changed ones, parents before children. */
    UpsertCounts upsertStaged() {
        return jdbc.queryOne("""
                        with changed as (
                         insert into division (code, name, level, parent_code)
                         select code, name, case length(code) when 2 then 1 when 4 then 2 when 6 then 3
                           when 9 then 4 else 5 end, nullif(parent_code, '')
                         from division_staging order by length(code), code
                         on conflict (code) do update set name = excluded.name
                           where division.name is distinct from excluded.name
                         returning (xmax = 0) as inserted)
                         select count(*) filter (where inserted), count(*) filter (where not inserted),
                         (select count(*) from division_staging) from changed""", ps -> {}, rs -> {
                    int created = rs.getInt(1);
                    int renamed = rs.getInt(2);
                    return new UpsertCounts(created, renamed, rs.getInt(3) - created - renamed);
                })
                .orElseThrow();
    }
}
