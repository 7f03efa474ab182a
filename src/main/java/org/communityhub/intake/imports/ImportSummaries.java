package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.household.ChangesByUser;

/**
 * The summary of a committed import: its counts, the rows it left by reason (from what its check
 * and commit recorded), and the households without a head, asked of the registry after the commit.
 */
@ApplicationScoped
class ImportSummaries {

    /** The most households without a head a summary names (their number is given in all). */
    static final int MAX_HOUSEHOLDS = 50;

    /** What a user calls the check's most common refusals; other codes are described by their field. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("unknown-community", "社区不在登记簿中"),
            Map.entry("community-unknown", "社区不在登记簿中"),
            Map.entry("duplicate-in-file", "与表中另一行是同一人"),
            Map.entry("probable-duplicate-in-file", "可能与表中另一行是同一人"),
            Map.entry(ImportJobs.DAMAGED_ID_REGISTERED, "身份证号有误，可能是已登记居民，建议未采纳"),
            Map.entry(ImportJobs.DAMAGED_ID_IN_FILE, "身份证号有误，可能与表中另一行是同一人，建议未采纳"),
            Map.entry("id-number-held-elsewhere", "身份证号已由他处登记"),
            Map.entry("second-household-head", "该户已有户主"),
            Map.entry("commit-failed", "提交时被登记簿拒绝"));

    private final Jdbc jdbc;
    private final ChangesByUser registry;

    ImportSummaries(Jdbc jdbc, ChangesByUser registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /** The summary of a committed import, as {@code viewer} may see it. */
    ImportSummary of(Actor viewer, ImportJob job) {
        long header = job.headerRow() == null ? 0 : job.headerRow();
        List<ImportSummary.LeftRows> left = new ArrayList<>(refused(job, header));
        left.sort(Comparator.comparingLong(ImportSummary.LeftRows::rows).reversed());
        boolean applied = job.commitMode() != null
                && jdbc.query(
                                "select apply_updates from import_job where id = ?",
                                ps -> ps.setObject(1, job.id()),
                                rs -> rs.getBoolean(1))
                        .get(0);
        addSkipped(
                left,
                job,
                "decision = 'ACCEPTED' and code = '" + ImportJobs.DAMAGED_ID_IN_FILE + "'",
                "merged-into-other-row",
                "身份证号有误，已采纳为表中另一行的同一人，随那一行导入");
        addSkipped(left, job, "code = 'existing-resident-unchanged'", "existing-resident-unchanged", "已登记，信息与本行一致，跳过");
        if (!applied) {
            addSkipped(left, job, "code = 'existing-resident'", "existing-resident-not-updated", "已登记，提交时未选择按表更新");
        }
        Page<ChangesByUser.HouseholdWithoutHead> households = job.phaseStartedAt() == null || job.finishedAt() == null
                ? new Page<>(List.of(), 0, 0, MAX_HOUSEHOLDS)
                : registry.householdsWithoutHead(
                        job.createdBy(), job.phaseStartedAt(), job.finishedAt(), viewer.scope(), MAX_HOUSEHOLDS);
        return new ImportSummary(
                job.rowsCommitted() - job.rowsUpdated(),
                job.rowsUpdated(),
                Math.max(0, job.rowsRead() - job.rowsCommitted()),
                left,
                households.items().stream()
                        .map(h -> new ImportSummary.HouseholdWithoutHead(
                                h.id(), h.householdNumber(), h.communityCode(), h.communityName()))
                        .toList(),
                households.total(),
                job.phaseStartedAt(),
                job.finishedAt());
    }

    /** The people the import's commit registered, as far as the registry can tell (see {@link ChangesByUser}). */
    Page<ChangesByUser.RegisteredPerson> registered(Actor viewer, ImportJob job, PageRequest page) {
        if (job.state() != ImportState.COMMITTED || job.phaseStartedAt() == null || job.finishedAt() == null) {
            return new Page<>(List.of(), 0, page.page(), page.size());
        }
        return registry.registered(job.createdBy(), job.phaseStartedAt(), job.finishedAt(), viewer.scope(), page);
    }

    /** Rows refused, by the code of each error (a row whose question was answered "yes" is not refused). */
    private List<ImportSummary.LeftRows> refused(ImportJob job, long header) {
        return jdbc.query(
                """
                select code, count(distinct row_no), min(message), mode() within group (order by field)
                  from import_finding
                 where import_id = ? and severity = 'ERROR' and row_no > ?
                   and row_no not in (select row_no from import_finding a where a.import_id = ? and a.decision = 'ACCEPTED')
                 group by code
                """,
                ps -> {
                    ps.setObject(1, job.id());
                    ps.setLong(2, header);
                    ps.setObject(3, job.id());
                },
                rs -> new ImportSummary.LeftRows(
                        rs.getString(1), reason(rs.getString(1), rs.getString(4)), rs.getLong(2), rs.getString(3)));
    }

    private void addSkipped(
            List<ImportSummary.LeftRows> left, ImportJob job, String condition, String code, String reason) {
        long rows = jdbc.query(
                        "select count(distinct row_no) from import_finding where import_id = ? and " + condition
                                + " and row_no not in (select row_no from import_finding e where e.import_id = ?"
                                + " and e.severity = 'ERROR' and e.decision is distinct from 'ACCEPTED')",
                        ps -> {
                            ps.setObject(1, job.id());
                            ps.setObject(2, job.id());
                        },
                        rs -> rs.getLong(1))
                .get(0);
        if (rows > 0) {
            left.add(new ImportSummary.LeftRows(code, reason, rows, null));
        }
    }

    private static String reason(String code, String field) {
        String known = REASONS.get(code);
        if (known != null) {
            return known;
        }
        boolean unread = "unknown-code".equals(code) || "unreadable-date".equals(code);
        return ImportField.byKey(field == null ? "" : field)
                .map(f -> f.label() + (unread ? "无法识别" : "有误"))
                .orElse("检查发现错误");
    }
}
