package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.common.database.Jdbc;

/**
 * Keeps every definition version the hub has run with its allow-list (field names and tags), so
 * that what was sent years ago can be checked against what was allowed then.
 */
@ApplicationScoped
public class DefinitionVersions {

    private final Jdbc jdbc;
    private final Clock clock;

    DefinitionVersions(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the versions not seen before; call in a transaction at start-up. */
    public void register(Collection<AdapterDefinition> definitions) {
        for (AdapterDefinition d : definitions) {
            jdbc.update(
                    "insert into adapter_definition_version (definition_hash, adapter_id, version, legal_basis, fields,"
                            + " tags, first_loaded_at) values (?, ?, ?, ?, ?, ?, ?)"
                            + " on conflict (definition_hash) do nothing",
                    (c, ps) -> {
                        ps.setString(1, d.contentHash());
                        ps.setString(2, d.id());
                        ps.setString(3, d.version());
                        ps.setString(4, d.legalBasis());
                        ps.setArray(5, c.createArrayOf("varchar", d.fieldNames().toArray()));
                        ps.setArray(
                                6, c.createArrayOf("varchar", d.allowedTags().toArray()));
                        ps.setTimestamp(7, Timestamp.from(clock.instant()));
                    });
        }
    }
}
