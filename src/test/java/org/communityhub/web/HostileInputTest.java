package org.communityhub.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.access.PageSession;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Hostile bytes are refused at the edge with a clear answer and one log line, never a 500. */
@HubTest
class HostileInputTest {

    private static final Path LOG = Path.of("target/quarkus-test.log");

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL hub;

    @Test
    void aNulInAQueryOrPathParameterIsA400AndOneLogLine() throws Exception {
        String worker = Users.create("worker", Communities.create());
        long logged = Files.size(LOG);
        Users.as(worker)
                .urlEncodingEnabled(false)
                .get("/api/v1/residents?q=%E7%8E%8B%00")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(at("code", equalTo("control-character")))
                .body(at("errors[0].field", equalTo("q")));
        Users.asAdmin()
                .urlEncodingEnabled(false)
                .get("/api/v1/users/ad%00min")
                .then()
                .statusCode(400)
                .body(at("code", equalTo("control-character")));
        List<String> lines = logSince(logged);
        assertThat(lines)
                .filteredOn(l -> l.contains("Request refused: a control character"))
                .hasSize(2);
        assertThat(lines).noneMatch(l -> l.contains("Incident") || l.startsWith("\tat "));
    }

    @Test
    void aNulInABasicUsernameIsA400BeforeSignIn() {
        given().auth()
                .preemptive()
                .basic("admin\u0000", "whatever-password-1")
                .get("/api/v1/me")
                .then()
                .statusCode(400)
                .body(at("code", equalTo("control-character")));
        // The sign-in form: refused as a failed sign-in, not a 500.
        given().redirects()
                .follow(false)
                .header("X-Forwarded-For", "198.51.100.50")
                .formParam("j_username", "admin\u0000")
                .formParam("j_password", "whatever-password-1")
                .post("/j_security_check")
                .then()
                .statusCode(303)
                .header("Location", containsString("error"));
    }

    @Test
    void controlAndInvisibleCharactersInJsonFieldsAre422sNamingTheField() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        refused(
                worker,
                ResidentTestData.aResident()
                        .in(community)
                        .with("name", "王\u0000芳")
                        .json(),
                "name",
                "control-character");
        refused(
                worker,
                ResidentTestData.aResident()
                        .in(community)
                        .with("building", "3\u202E号楼")
                        .json(),
                "building",
                "invisible-character");
        refused(
                worker,
                ResidentTestData.aResident()
                        .in(community)
                        .with("room", "50\u200B1")
                        .json(),
                "room",
                "invisible-character");
        refused(
                worker,
                ResidentTestData.aResident()
                        .in(community)
                        .with("tags", List.of("独居\u0007老人"))
                        .json(),
                "tags[0]",
                "control-character");

        // A lone surrogate cannot be written as Java text into UTF-8; JSON's escape sends one.
        String json = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(ResidentTestData.aResident()
                        .in(community)
                        .with("unit", "UNIT")
                        .json())
                .toString()
                .replace("\"UNIT\"", "\"\\ud800x\"");
        Users.as(worker)
                .body(json)
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("unit")))
                .body(at("errors[0].code", equalTo("invalid-unicode")));

        // Tab and line breaks stay allowed where text may span lines, and an accent on a letter in a name.
        Users.as(worker)
                .body(ResidentTestData.aResident()
                        .in(community)
                        .withName("José Martí")
                        .json())
                .post("/api/v1/residents")
                .then()
                .statusCode(201);
    }

    @Test
    void aCombiningMarkCarriedByNoLetterIsRefusedInAName() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        for (String name : List.of("\u0301王芳", "王芳\u0301", "阿卜杜拉·\u0308买买提")) {
            Users.as(worker)
                    .body(ResidentTestData.aResident()
                            .in(community)
                            .withName(name)
                            .json())
                    .post("/api/v1/residents")
                    .then()
                    .statusCode(422)
                    .body(at("errors[0].field", equalTo("name")));
        }
    }

    @Test
    void aPageFormFieldWithANulIsRefusedNamingTheField() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.51");
        session.request()
                .header("HX-Request", "true")
                .contentType(ContentType.URLENC)
                .formParam("name", "王\u0000芳")
                .formParam("sex", "2")
                .post("/residents")
                .then()
                .statusCode(422)
                .body(containsString("控制字符"))
                .body(not(containsString("Incident")));
    }

    @Test
    void aForgedLogLineInAUsernameIsEscaped() throws Exception {
        String forged = "mallory\n2026-12-03 08:00:00,000 ERROR [org.com.acc.UserService] admin password leaked";
        long logged = Files.size(LOG);
        // Enough tries for the old lock to log the username too.
        for (int i = 0; i < 12; i++) {
            given().redirects()
                    .follow(false)
                    .header("X-Forwarded-For", "198.51.100." + (60 + i))
                    .formParam("j_username", forged)
                    .formParam("j_password", "wrong-password-1")
                    .post("/j_security_check")
                    .then()
                    .statusCode(303);
        }
        List<String> lines = logSince(logged);
        assertThat(lines).anyMatch(l -> l.contains("mallory\\u000A2026-12-03"));
        assertThat(lines).noneMatch(l -> l.startsWith("2026-12-03 08:00:00,000 ERROR"));
    }

    @Test
    void invisibleCharactersAreDroppedFromAnUploadedFileName() throws Exception {
        String worker = Users.create("worker", Communities.create());
        String answer = upload(worker, "名单\u202Etxt.exe.csv");
        assertThat(answer).startsWith("HTTP/1.1 202").contains("\"fileName\":\"名单txt.exe.csv\"");
    }

    @Test
    void aFileNameWithALineBreakIsA400() throws Exception {
        String worker = Users.create("worker", Communities.create());
        String answer = upload(worker, "a\r\nb.csv");
        assertThat(answer)
                .startsWith("HTTP/1.1 400")
                .contains("application/problem+json")
                .doesNotContain("Incident");
    }

    /** Uploads a small ledger under a file name sent as it is (UTF-8), as a browser does. */
    private String upload(String worker, String fileName) throws Exception {
        String boundary = "hub-boundary-1";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + "姓名,证件号码\n王芳,\n\r\n"
                + "--" + boundary + "--\r\n";
        return raw("POST /api/v1/imports HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((worker + ":" + Users.PASSWORD).getBytes(StandardCharsets.UTF_8))
                + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Connection: close\r\n\r\n"
                + body);
    }

    @Test
    void aFailedBatchNeverPutsItsValuesIntoTheMessageThatIsLogged() throws Exception {
        String marker = "bind-value-" + System.nanoTime();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create temporary table short_values (v varchar(5))");
            Throwable failure = catchThrowable(() -> {
                try (PreparedStatement ps = c.prepareStatement("insert into short_values (v) values (?)")) {
                    ps.setString(1, "ok");
                    ps.addBatch();
                    ps.setString(1, marker);
                    ps.addBatch();
                    ps.executeBatch();
                }
            });
            assertThat(failure).isNotNull();
            List<String> messages = new ArrayList<>();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
                if (t instanceof java.sql.SQLException sql && sql.getNextException() != null) {
                    messages.add(String.valueOf(sql.getNextException().getMessage()));
                }
            }
            assertThat(messages).noneMatch(m -> m.contains(marker));
        }
    }

    private static void refused(String worker, Map<String, Object> resident, String field, String code) {
        Users.as(worker)
                .body(resident)
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors[0].field", equalTo(field)))
                .body(at("errors[0].code", equalTo(code)));
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket(hub.getHost(), hub.getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    static List<String> logSince(long offset) throws Exception {
        byte[] all = Files.readAllBytes(LOG);
        int from = (int) Math.min(offset, all.length);
        return List.of(new String(all, from, all.length - from, StandardCharsets.UTF_8).split("\n"));
    }
}
