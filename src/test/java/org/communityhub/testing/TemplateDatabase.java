package org.communityhub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.communityhub.common.csv.CsvReader;
import org.communityhub.common.database.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state of a new hub's database before its first start ends: every migration applied (by
 * Flyway, from the hub's own {@code db/migration}) and the shipped divisions loaded, with the
 * checksum the hub's {@code DivisionCatalog} records for them, so a hub started on a copy finds
 * them loaded and goes on. Made once per test run; each boot's database is a copy.
 *
 * <p>The divisions are read as {@code DivisionCatalog} reads them (the same four files in the same
 * order, the parent by its column's name) and their checksum is the catalog's (SHA-256 of the files
 * in that order): a change of the shipped files changes the checksum, and the hub then loads them
 * itself. {@code DivisionResourceTest} checks what the registry serves from them.
 */
final class TemplateDatabase {

    /** {@code DivisionCatalog}'s files in load order, and the column that holds each row's parent. */
    private static final List<String[]> FILES = List.of(
            new String[] {"provinces.csv", null},
            new String[] {"cities.csv", "provinceCode"},
            new String[] {"areas.csv", "cityCode"},
            new String[] {"streets.csv", "areaCode"});

    private TemplateDatabase() {}

    static void create(EmbeddedDatabase cluster, String name) {
        try (Connection c = TestCluster.connect(cluster, "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the template database", e);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        String url = cluster.jdbcUrl();
        dataSource.setURL(url.substring(0, url.lastIndexOf('/') + 1) + name);
        dataSource.setUser(cluster.username());
        dataSource.setPassword(cluster.password());
        Flyway.configure(TemplateDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        try (Connection c = TestCluster.connect(cluster, name)) {
            c.setAutoCommit(false);
            int rows = loadDivisions(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into reference_data (name, checksum, rows, loaded_at) values ('divisions', ?, ?, now())")) {
                ps.setString(1, checksum());
                ps.setInt(2, rows);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not load the divisions into the template database", e);
        }
    }

    /** Copies the shipped divisions in, parents before children; the level follows from the code's length. */
    private static int loadDivisions(Connection c) throws SQLException, IOException {
        StringBuilder csv = new StringBuilder();
        int count = 0;
        for (String[] file : FILES) {
            try (CsvReader reader = new CsvReader(new InputStreamReader(open(file[0]), StandardCharsets.UTF_8))) {
                List<String> header = reader.next();
                int parent = file[1] == null ? -1 : header.indexOf(file[1]);
                for (List<String> row = reader.next(); row != null; row = reader.next()) {
                    if (row.size() < 2) {
                        continue;
                    }
                    String code = row.get(0);
                    csv.append(code)
                            .append(',')
                            .append('"')
                            .append(row.get(1).replace("\"", "\"\""))
                            .append('"')
                            .append(',')
                            .append(level(code))
                            .append(',')
                            .append(parent < 0 ? "" : row.get(parent))
                            .append('\n');
                    count++;
                }
            }
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                        "copy division (code, name, level, parent_code) from stdin (format csv)",
                        new java.io.ByteArrayInputStream(bytes));
        return count;
    }

    private static int level(String code) {
        return switch (code.length()) {
            case 2 -> 1;
            case 4 -> 2;
            case 6 -> 3;
            case 9 -> 4;
            default -> 5;
        };
    }

    private static String checksum() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String[] file : FILES) {
                try (InputStream in = open(file[0])) {
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = TemplateDatabase.class.getResourceAsStream("/divisions/" + file);
        if (in == null) {
            throw new IllegalStateException("Shipped division file divisions/" + file + " is missing");
        }
        return in;
    }
}
