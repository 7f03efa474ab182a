package org.communityhub.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Waiting.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request bodies: a large ledger goes through, a body over its limit is refused before it is read. */
@HubTest
class RequestSizesTest {

    @TestHTTPResource("/")
    URL hub;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize uploadLimit;

    @ConfigProperty(name = "hub.http.uploads-in-flight")
    io.quarkus.runtime.configuration.MemorySize inFlightLimit;

    @Inject
    RequestSizes sizes;

    @Test
    void aLedgerLargerThanAnOrdinaryRequestIsUploaded(@TempDir Path dir) throws IOException {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        // 20 MB: above the limit of every other request body (16 MB), a file a district's ledger reaches.
        Path ledger = dir.resolve("ledger.csv");
        try (BufferedWriter w = Files.newBufferedWriter(ledger, StandardCharsets.UTF_8)) {
            w.write("姓名,身份证号,性别,出生日期\n");
            String blank = ",,,\n";
            for (long written = 0; written < 20L * 1024 * 1024; written += blank.length()) {
                w.write(blank);
            }
        }
        Response response = given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .multiPart("file", ledger.toFile(), "text/csv")
                .post("/api/v1/imports");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        String id = response.as(Json.class).getString("id");
        // Read to its end: the whole file arrived, and its rows (all blank here) were gone through.
        Json read = null;
        for (int i = 0; i < 600; i++) {
            read = Users.as(worker)
                    .get("/api/v1/imports/" + id)
                    .then()
                    .extract()
                    .as(Json.class);
            if (!"PARSING".equals(read.getString("state"))) {
                break;
            }
            sleep(100);
        }
        assertThat(read.getString("state")).isEqualTo("READY");
        assertThat(read.getInt("progress.percent")).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/imports", "/api/v1/imports/"})
    void anUploadOverTheLimitIsRefusedWithAProblemBeforeItIsSent(String path) throws IOException {
        RawResponse answer =
                send("POST", path, worker(), "multipart/form-data; boundary=x", uploadLimit.asLongValue() + 1);

        assertThat(answer.status).isEqualTo(413);
        assertThat(answer.headers).containsIgnoringCase("Content-Type: application/problem+json");
        Json problem = Json.from(answer.body);
        assertThat(problem.getString("code")).isEqualTo("file-too-large");
        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("detail")).contains("文件过大").contains("一次最多可上传 512 MB");
    }

    @Test
    void aJsonBodyOverItsLimitIsRefusedThoughUploadsMayBeLarger() throws IOException {
        RawResponse answer = send("POST", "/api/v1/residents", worker(), "application/json", 17L * 1024 * 1024);

        assertThat(answer.status).isEqualTo(413);
        Json problem = Json.from(answer.body);
        assertThat(problem.getString("code")).isEqualTo("request-too-large");
        assertThat(problem.getString("detail")).contains("最多 16 MB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked"})
    void aJsonBodyWithoutALengthIsRefused(String coding) throws IOException {
        RawResponse answer = send("POST", "/api/v1/residents", worker(), "application/json", coding);

        assertThat(answer.status).isEqualTo(411);
        assertThat(Json.from(answer.body).getString("code")).isEqualTo("length-required");
    }

    @Test
    void aPageUploadOverTheLimitIsANoticeOnThePage() throws IOException {
        RawResponse answer =
                send("POST", "/imports", null, "multipart/form-data; boundary=x", uploadLimit.asLongValue() * 2);

        assertThat(answer.status).isEqualTo(413);
        assertThat(answer.headers).containsIgnoringCase("HX-Retarget: #flash");
        assertThat(answer.body).contains("文件过大").contains("请把台账分成几个文件分别导入");
    }

    @Test
    void uploadsOnTheirWayAtOnceShareOneBudgetAndOneMoreIsAskedToComeBackLater() throws IOException {
        String worker = worker();
        long each = uploadLimit.asLongValue();
        long fit = inFlightLimit.asLongValue() / each;
        String multipart = "multipart/form-data; boundary=x";
        List<Socket> onTheirWay = new ArrayList<>();
        try {
            for (int i = 0; i < fit; i++) {
                onTheirWay.add(open("POST", "/api/v1/imports", worker, multipart, "Content-Length: " + each));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sizes.uploadsInFlight() == fit * each);

            RawResponse refused = send("POST", "/api/v1/imports", worker, multipart, each);
            assertThat(refused.status).isEqualTo(503);
            assertThat(refused.headers).containsIgnoringCase("Retry-After: 60");
            Json problem = Json.from(refused.body);
            assertThat(problem.getString("code")).isEqualTo("uploads-busy");
            assertThat(problem.getString("detail")).contains("请过一两分钟再上传");
            RawResponse page = send("POST", "/imports", null, multipart, -1);
            assertThat(page.status)
                    .as("a page upload without a length counts as the largest")
                    .isEqualTo(503);
            assertThat(page.body).contains("暂时没有空间接收这个文件");
            assertThat(given().auth()
                            .preemptive()
                            .basic(worker, Users.PASSWORD)
                            .contentType("application/json")
                            .body("{}")
                            .post("/api/v1/residents")
                            .statusCode())
                    .as("other requests are not held back")
                    .isEqualTo(422);
        } finally {
            for (Socket s : onTheirWay) {
                s.close();
            }
        }
        // Clients gone in the middle of their uploads give their share back.
        await().atMost(Duration.ofSeconds(10)).until(() -> sizes.uploadsInFlight() == 0);
        try (Socket again = open("POST", "/api/v1/imports", worker, multipart, "Content-Length: " + each)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sizes.uploadsInFlight() == each);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private record RawResponse(int status, String headers, String body) {}

    /**
     * A request whose headers announce a body of {@code length} bytes (-1: chunked) and that sends
     * none of it: the answer must come from the headers alone.
     */
    private static String worker() {
        return Users.create("worker", Communities.create());
    }

    private RawResponse send(String method, String path, String user, String type, long length) throws IOException {
        return send(method, path, user, type, length < 0 ? "Transfer-Encoding: chunked" : "Content-Length: " + length);
    }

    private RawResponse send(String method, String path, String user, String type, String bodyHeader)
            throws IOException {
        try (Socket socket = open(method, path, user, type, bodyHeader)) {
            return answer(socket);
        }
    }

    /** A connection on which a request's headers were sent and none of its body. */
    private Socket open(String method, String path, String user, String type, String bodyHeader) throws IOException {
        Socket socket = new Socket(hub.getHost(), hub.getPort());
        socket.setSoTimeout(20_000);
        StringBuilder request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: localhost\r\nContent-Type: ")
                .append(type)
                .append("\r\n");
        if (user != null) {
            String credentials = user + ":" + Users.PASSWORD;
            request.append("Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        request.append(bodyHeader).append("\r\n");
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The answer to the request sent on {@code socket}, given before its body. */
    private static RawResponse answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer's headers end").isNotNegative();
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        Matcher answered = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(headers);
        assertThat(answered.find()).as("the answer has a length: " + headers).isTrue();
        byte[] body = in.readNBytes(Integer.parseInt(answered.group(1)));
        int status = Integer.parseInt(headers.substring(9, 12));
        // The body announced was never sent: the hub closes the connection rather than wait for it.
        assertThat(in.read()).as("the connection closed after the answer").isEqualTo(-1);
        return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }
}
