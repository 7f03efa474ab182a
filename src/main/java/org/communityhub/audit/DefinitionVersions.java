package org.communityhub.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import org.communityhub.adapter.definition.AdapterDefinition;

/**
 * Keeps every definition version the hub has run with its allow-list (field names and tags), so
 * that what was sent years ago can be checked against what was allowed then.
 */
@ApplicationScoped
public class DefinitionVersions {

    private final AgroalDataSource dataSource;
    private final Clock clock;

    DefinitionVersions(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records the versions not seen before; call in a transaction at start-up. */
    public void register(Collection<AdapterDefinition> definitions) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into adapter_definition_version (definition_hash,"
                        + " adapter_id, version, legal_basis, fields, tags, first_loaded_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (definition_hash) do nothing")) {
            for (AdapterDefinition d : definitions) {
                ps.setString(1, d.contentHash());
                ps.setString(2, d.id());
                ps.setString(3, d.version());
                ps.setString(4, d.legalBasis());
                ps.setArray(5, c.createArrayOf("varchar", d.fieldNames().toArray()));
                ps.setArray(6, c.createArrayOf("varchar", d.allowedTags().toArray()));
                ps.setTimestamp(7, Timestamp.from(clock.instant()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the platform definitions", e);
        }
    }
}
