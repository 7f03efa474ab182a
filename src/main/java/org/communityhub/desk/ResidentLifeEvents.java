package org.communityhub.desk;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.resident.HistoryAction;
import org.communityhub.registry.resident.HistoryEntry;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentView;

/**
 * The 登记变动 part of a resident's page (迁出, 死亡, 作废, back on the register): the events the
 * page offers, in the worker's words, with the resident's recent history, for the page and for
 * the form that records an event ({@link ResidentStatusPage}).
 */
@ApplicationScoped
public class ResidentLifeEvents {

    /** One life event the page offers for a resident on the register, with its words. */
    public record EventKind(
            String status,
            String key,
            String label,
            String button,
            boolean dated,
            String dateLabel,
            String reasonLabel) {}

    /** The events, in the order the page offers them. */
    static final List<EventKind> EVENT_KINDS = List.of(
            new EventKind("MOVED_OUT", "moved-out", "迁出", "登记迁出", true, "迁出日期", "迁出原因（如 迁往外省、购房搬离）"),
            new EventKind("DECEASED", "deceased", "死亡", "登记死亡", true, "死亡日期", "死亡原因或依据（如 死亡证明编号）"),
            new EventKind("VOIDED", "voided", "登记有误，作废这条登记", "作废这条登记", false, null, "错在哪里（如 非本社区居民、测试误录）"));

    /**
     * The 登记变动 part of a resident's page: the events a resident on the register can have, or
     * how a resident off it can come back; with what was typed and the refusal, if any.
     *
     * @param open the status whose form is open (the one just refused); null for none
     * @param values what was typed: date and reason
     * @param errors by field: date, reason
     * @param problem a refusal that is not about one field
     */
    public record LifeEvents(
            ResidentView resident,
            String open,
            Map<String, String> values,
            Map<String, String> errors,
            String problem,
            String today,
            List<HistoryLine> history) {

        public List<EventKind> kinds() {
            return EVENT_KINDS;
        }

        public String value(String field) {
            return values.getOrDefault(field, "");
        }

        public String error(String field) {
            return errors.get(field);
        }

        /** What the confirmation asks before the step is taken. */
        public String confirm(EventKind k) {
            return switch (k.status()) {
                case "MOVED_OUT" -> "确定登记" + resident.name() + "迁出？迁出后不再出现在在册名单中，已收到其信息的平台会收到删除。";
                case "DECEASED" -> "确定登记" + resident.name() + "死亡？登记后只有街道可以更正，已收到其信息的平台会收到删除。";
                default -> "确定作废" + resident.name() + "的这条登记？记录和经过会保留，但不再算作居民；已收到的平台会收到删除，只有街道可以恢复。";
            };
        }

        /** The resident is off the register, and this reader may put them back. */
        public boolean mayRestore(boolean supervisor) {
            return switch (resident.status()) {
                case MOVED_OUT -> true;
                case DECEASED, VOIDED -> supervisor;
                default -> false;
            };
        }
    }

    /** One line of a resident's history as the page shows it. */
    public record HistoryLine(Instant at, String by, String what, String detail) {}

    private final ResidentQueries queries;
    private final Clock clock;

    ResidentLifeEvents(ResidentQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** The 登记变动 part of a resident's page as this reader sees it. */
    LifeEvents of(
            Actor actor,
            ResidentView resident,
            String open,
            Map<String, String> values,
            Map<String, String> errors,
            String problem) {
        Map<String, String> typed = new HashMap<>(values);
        typed.putIfAbsent("date", LocalDate.now(clock).toString());
        List<HistoryLine> lines = queries.history(actor, resident.id(), new PageRequest(0, 10)).items().stream()
                .map(ResidentLifeEvents::line)
                .toList();
        return new LifeEvents(
                resident, open, typed, errors, problem, LocalDate.now(clock).toString(), lines);
    }

    /** A history entry in words: what happened, and for a life event its date and reason. */
    private static HistoryLine line(HistoryEntry e) {
        String what = switch (e.action()) {
            case REGISTERED -> "登记";
            case UPDATED -> "修改";
            case MOVED_OUT -> "迁出";
            case DECEASED -> "登记死亡";
            case REACTIVATED -> "恢复在册";
            case VOIDED -> "登记作废";
            case PARTY_MEMBERSHIP_SET -> "党员信息";
            case PARTY_MEMBERSHIP_ENDED -> "党员信息结束";
            case LEAGUE_MEMBERSHIP_SET -> "团员信息";
            case LEAGUE_MEMBERSHIP_ENDED -> "团员信息结束";
            case JOINED_HOUSEHOLD -> "入户";
            case LEFT_HOUSEHOLD -> "移出本户";
            case HOUSEHOLD_RELATION_CHANGED -> "与户主关系变更";
            case MOVED_WITH_HOUSEHOLD -> "随户迁移";
            case HOUSEHOLD_CHANGED -> "户信息变更";
            case MERGED_INTO -> "并入另一条记录";
            case MERGED_FROM -> "合并了一条重复记录";
            case MERGE_UNDONE -> "撤销合并";
        };
        List<String> parts = new ArrayList<>();
        for (FieldChange c : e.changes()) {
            if ("statusDate".equals(c.field()) && c.newValue() != null) {
                parts.add("日期 " + c.newValue());
            } else if ("statusReason".equals(c.field()) && c.newValue() != null) {
                parts.add("原因：" + c.newValue());
            }
        }
        if (parts.isEmpty() && e.action() == HistoryAction.UPDATED) {
            parts.add("改了 " + e.changes().size() + " 项");
        }
        return new HistoryLine(e.changedAt(), e.changedBy(), what, String.join("，", parts));
    }
}
