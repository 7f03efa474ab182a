package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.ScopeSql;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.DefinitionLoader;
import org.communityhub.adapter.mapping.MappedRecord;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.adapter.mapping.RecordMapper.Operation;
import org.communityhub.adapter.transport.HttpJsonTransport;
import org.communityhub.adapter.transport.OutboundRecord;
import org.communityhub.adapter.transport.Shipment;
import org.communityhub.adapter.transport.TransportFailure;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.database.Jdbc;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;

/**
 * Checks a definition someone is writing, without a restart and without putting it in place: the
 * problems the hub would find, and for a valid one who it selects in the checker's area and what
 * it would send for a few of them.
 */
@ApplicationScoped
public class DefinitionCheckService {

    /** Residents of the area looked at, at most: a district's whole registry is sampled. */
    static final int LOOKED_AT_MOST = 20_000;
    /** Residents whose records are shown. */
    static final int PREVIEWED = 3;

    private final Adapters adapters;
    private final Jdbc jdbc;
    private final ResidentSnapshots snapshots;
    private final RecordMapper mapper;
    private final AdapterOperations operations;
    private final AccessLog accessLog;
    private final HttpJsonTransport http;

    DefinitionCheckService(
            Adapters adapters,
            Jdbc jdbc,
            ResidentSnapshots snapshots,
            RecordMapper mapper,
            AdapterOperations operations,
            AccessLog accessLog,
            HttpJsonTransport http) {
        this.adapters = adapters;
        this.jdbc = jdbc;
        this.snapshots = snapshots;
        this.mapper = mapper;
        this.operations = operations;
        this.accessLog = accessLog;
        this.http = http;
    }

    public DefinitionCheck check(Actor actor, String text) {
        return check(actor, text, "POST /api/v1/adapters/check");
    }

    /**
     * The check, with the residents shown written to the access log as read through {@code
     * resource} (the API, or the page on 平台).
     */
    public DefinitionCheck check(Actor actor, String text, String resource) {
        DefinitionLoader.Loaded loaded = adapters.check(text);
        List<DefinitionCheck.Problem> problems = loaded.problems().stream()
                .map(p -> new DefinitionCheck.Problem(p.line(), p.column(), p.message()))
                .toList();
        if (!loaded.valid()) {
            return new DefinitionCheck(false, problems, List.of(), null, null, false);
        }
        AdapterDefinition d = loaded.definition();
        List<UUID> area = jdbc.query(
                "select id from resident where " + ScopeSql.condition(actor.scope(), "community_code")
                        + " order by id limit " + (LOOKED_AT_MOST + 1),
                (java.sql.PreparedStatement ps) -> {},
                rs -> rs.getObject(1, UUID.class));
        boolean complete = area.size() <= LOOKED_AT_MOST;
        List<UUID> looked = complete ? area : area.subList(0, LOOKED_AT_MOST);
        long selected = 0;
        List<UUID> shown = new ArrayList<>();
        for (int from = 0; from < looked.size(); from += 1000) {
            for (ResidentSnapshot s :
                    snapshots.load(looked.subList(from, Math.min(looked.size(), from + 1000)), false)) {
                if (mapper.matches(d, s)) {
                    selected++;
                    if (shown.size() < PREVIEWED) {
                        shown.add(s.id());
                    }
                }
            }
        }
        List<DefinitionCheck.Preview> preview = new ArrayList<>();
        List<OutboundRecord> records = new ArrayList<>();
        if (!shown.isEmpty()) {
            accessLog.read(
                    actor,
                    AccessLog.Action.PREVIEW,
                    resource,
                    shown,
                    d.fieldNames().stream().map(f -> d.id() + ":" + f).toList());
            for (ResidentSnapshot s : snapshots.load(shown, d.needsPersonalIdentifiers())) {
                MappedRecord mapped = mapper.map(d, s, Operation.UPSERT);
                Map<String, Object> masked = operations.masked(actor, d, mapped.fields());
                preview.add(new DefinitionCheck.Preview(Operation.UPSERT.name(), masked, mapped.problems()));
                records.add(new OutboundRecord(
                        d.id() + ":" + s.id() + ":" + s.version() + ":preview",
                        s.id(),
                        s.version(),
                        Operation.UPSERT,
                        masked));
            }
        }
        String request = null;
        if ("http-json".equals(d.transport().type())) {
            try {
                request = http.requestBody(new Shipment(d, "preview", records));
            } catch (TransportFailure e) {
                request = null;
            }
        }
        String description = "在" + (actor.scope().isEverywhere() ? "全部" : "你所辖区域的") + (complete ? " " : "前 ")
                + looked.size() + " 名居民中，有 " + selected + " 名符合该平台的 select 条件"
                + (complete ? "" : "（区域较大，只查看了一部分）");
        return new DefinitionCheck(
                true,
                problems,
                preview,
                request,
                new DefinitionCheck.Selection(looked.size(), selected, complete, description),
                adapters.configured(d));
    }
}
