package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;

/**
 * A resident's status on the register: moved out (迁出), died (死亡), a registration voided as made
 * in error (作废), or put back on the register; each with its date and reason in the history.
 */
@ApplicationScoped
@Transactional
public class ChangeResidentStatus {

    private final ResidentRecords records;
    private final ResidentRepository residents;
    private final Clock clock;

    ChangeResidentStatus(ResidentRecords records, ResidentRepository residents, Clock clock) {
        this.records = records;
        this.residents = residents;
        this.clock = clock;
    }

    /**
     * Moves a resident out (迁出), records a death (死亡), voids a registration made in error
     * (作废), or puts them back on the register. Each is kept in the history with its reason; the
     * platforms that hold the record get its removal (their selections take residents on the
     * register only, and a voided record is no person at all: {@code RecordMapper#matches}).
     */
    public ResidentView changeStatus(Actor actor, UUID id, StatusChange change, ExpectedVersion expected) {
        Resident r = records.requireInScope(actor, id);
        Preconditions.requireWhenGiven(expected, r.version);
        FieldErrors errors = new FieldErrors();
        LocalDate today = LocalDate.now(clock);
        String reason = change.reason() == null ? null : change.reason().strip();
        if (change.status() == null) {
            errors.add("status", "required", "请选择新的状态：MOVED_OUT（迁出）、DECEASED（死亡）、VOIDED（登记有误，作废）或 ACTIVE（恢复在册）。");
        }
        if (reason == null || reason.isEmpty()) {
            errors.add("reason", "required", "请填写原因。");
        } else if (reason.length() > 200) {
            errors.add("reason", "too-long", "原因最多 200 个字。");
        }
        boolean dated = change.status() == ResidentStatus.MOVED_OUT || change.status() == ResidentStatus.DECEASED;
        if (dated) {
            if (change.date() == null) {
                errors.add("date", "required", "请填写迁出或死亡的日期。");
            } else if (change.date().isAfter(today)) {
                errors.add("date", "future-date", "日期不能晚于今天。");
            } else if (change.date().isBefore(r.birthDate)) {
                errors.add("date", "before-birth", "日期不能早于出生日期。");
            }
        }
        if (change.status() == ResidentStatus.MERGED) {
            errors.add("status", "merge-required", "合并重复记录请使用合并功能（/api/v1/merges）。");
        }
        errors.throwIfAny();
        if (r.status == ResidentStatus.MERGED) {
            throw ProblemException.conflict("merged", "该记录已并入另一位居民的记录，不能改变状态；如合并有误，请由街道（supervisor）撤销合并。");
        }
        if (change.status() == r.status) {
            throw ProblemException.conflict("status-unchanged", "该居民已经是这个状态。");
        }
        if (r.status == ResidentStatus.DECEASED && !actor.hasRole(Roles.SUPERVISOR)) {
            throw ProblemException.forbidden("supervisor-required", "已登记死亡的居民，只有街道（supervisor）可以更正其状态。");
        }
        if (r.status == ResidentStatus.VOIDED && !actor.hasRole(Roles.SUPERVISOR)) {
            throw ProblemException.forbidden("supervisor-required", "已作废的登记，只有街道（supervisor）可以恢复。");
        }
        if (r.status == ResidentStatus.VOIDED && change.status() != ResidentStatus.ACTIVE) {
            throw ProblemException.conflict("voided", "该登记已作废；如作废有误，请先恢复在册。");
        }
        if (r.status == ResidentStatus.MOVED_OUT && change.status() == ResidentStatus.DECEASED) {
            throw ProblemException.conflict("not-on-register", "该居民已迁出，不在本社区登记死亡。");
        }
        // A voiding is dated the day it was recorded: the registration itself was the mistake.
        LocalDate statusDate = dated ? change.date() : change.status() == ResidentStatus.VOIDED ? today : null;
        Changes changes = new Changes()
                .compare("status", r.status.name(), change.status().name())
                .compare("statusDate", r.statusDate, statusDate)
                .compare("statusReason", r.statusReason, reason);
        r.status = change.status();
        r.statusDate = statusDate;
        r.statusReason = reason;
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(r.id, actor, HistoryAction.statusChangedTo(change.status()), changes.list());
        return records.view(actor, r, Reveal.NONE);
    }
}
