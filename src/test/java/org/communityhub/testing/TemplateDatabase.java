package org.communityhub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.communityhub.common.database.EmbeddedDatabase;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.place.DivisionCatalog;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state of a new hub's database before its first start ends: every migration applied (by
 * Flyway, from the hub's own {@code db/migration}) and the shipped divisions loaded, with the
 * checksum the hub's {@code DivisionCatalog} records for them, so a hub started on a copy finds
 * them loaded and goes on. Made once per test run; each boot's database is a copy.
 *
 * <p>The divisions and their checksum are the catalog's own ({@code DivisionCatalog.shippedDivisions},
 * {@code shippedChecksum}): a change of the shipped files or of how they are read reaches the
 * template too. {@code DivisionResourceTest} checks what the registry serves from them.
 */
final class TemplateDatabase {

    private TemplateDatabase() {}

    static void create(EmbeddedDatabase cluster, String name) {
        try (Connection c = TestCluster.connect(cluster, "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the template database", e);
        }
        cluster.giveToOwner(name);
        // As the hub migrates: as the owner, granting the application role what the hub runs with.
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(cluster.jdbcUrl(name));
        dataSource.setUser(cluster.owner().username());
        dataSource.setPassword(cluster.owner().password());
        Flyway.configure(TemplateDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", cluster.application().username()))
                .load()
                .migrate();
        try (Connection c = TestCluster.connect(cluster, name)) {
            c.setAutoCommit(false);
            int rows = loadDivisions(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into reference_data (name, checksum, rows, loaded_at) values ('divisions', ?, ?, now())")) {
                ps.setString(1, DivisionCatalog.shippedChecksum());
                ps.setInt(2, rows);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not load the divisions into the template database", e);
        }
    }

    /** Copies the shipped divisions in, as the hub's catalog reads them; the level follows from the code. */
    private static int loadDivisions(Connection c) throws SQLException, IOException {
        StringBuilder csv = new StringBuilder();
        List<String[]> divisions = DivisionCatalog.shippedDivisions();
        for (String[] d : divisions) {
            csv.append(d[0])
                    .append(',')
                    .append('"')
                    .append(d[1].replace("\"", "\"\""))
                    .append('"')
                    .append(',')
                    .append(DivisionCode.levelOf(d[0]))
                    .append(',')
                    .append(d[2] == null ? "" : d[2])
                    .append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                        "copy division (code, name, level, parent_code) from stdin (format csv)",
                        new java.io.ByteArrayInputStream(bytes));
        return divisions.size();
    }
}
