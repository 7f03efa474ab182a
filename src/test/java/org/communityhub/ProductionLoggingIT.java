package org.communityhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.common.metrics.Scrape;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.IdentifiersInText;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ProcessLevelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub as production runs it: with HUB_LOG_JSON=true every console line is one JSON
 * object (for the log collector), personal data stays out of it as out of plain lines, and
 * /q/metrics serves the hub's metrics. Its token sign-in points at an identity platform that
 * cannot be reached: tokens are answered 503 while the built-in users go on signing in.
 */
@ProcessLevelTest(onCopiesOfNewHub = true)
class ProductionLoggingIT {

    // The admin password of the other process-level tests: their new hub's data directory is reused.
    private static final String ADMIN_PASSWORD = HubProcess.ADMIN_PASSWORD;

    @Test
    void consoleLinesAreJsonWithoutPersonalDataAndTokensWaitForAnUnreachableIdentityPlatform(@TempDir Path dir)
            throws Exception {
        HubProcess hub = HubProcess.startCopyOfNew(
                dir.resolve("data"),
                Map.of(
                        "HUB_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                        "HUB_LOG_JSON", "true",
                        // Nothing listens on the loopback's port 1: connections are refused at once.
                        "HUB_OIDC_URL", "http://127.0.0.1:1/realms/community",
                        "HUB_OIDC_CLIENT_ID", "community-hub"));
        String idNumber = IdNumbers.any();
        String phone = Phones.any();
        try {
            hub.addCommunity(ADMIN_PASSWORD, "110105001098", "日志测试社区", "110105001");
            hub.addUser(ADMIN_PASSWORD, "logger.worker", "lw-secret-2026", "worker", "110105001098");
            hub.as("logger.worker", "lw-secret-2026")
                    .body(Map.of(
                            "name", "日志居民",
                            "idNumber", idNumber,
                            "phone", phone,
                            "residenceType", "1",
                            "communityCode", "110105001098"))
                    .when()
                    .post("/api/v1/residents")
                    .then()
                    .statusCode(201);
            // A refused request logs nothing of its body either.
            hub.as("logger.worker", "wrong-password")
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(401);

            // The identity platform is down: a token cannot be checked, and the answer says to come back.
            hub.request()
                    .auth()
                    .oauth2(aSignedToken())
                    .when()
                    .get("/api/v1/me")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("30"))
                    .body(at("code", equalTo("sign-in-unavailable")));

            Scrape scrape = Scrape.of(hub.port());
            assertThat(scrape.value("hub_audit_chain_rows_verified", "chain", "access"))
                    .isGreaterThanOrEqualTo(0.0);
            assertThat(scrape.all("hub_deliveries", "status", "pending")).isNotEmpty();
        } finally {
            hub.stop();
        }

        String output = hub.output();
        assertThat(output).doesNotContain(idNumber).doesNotContain(phone);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        assertThat(lines).hasSizeGreaterThan(3);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.isObject()).isTrue();
            assertThat(l.has("timestamp")).isTrue();
            assertThat(l.has("level")).isTrue();
            assertThat(l.has("loggerName")).isTrue();
            assertThat(l.path("service").asText()).isEqualTo("community-data-hub");
            assertThat(l.path("mdc").size())
                    .as("no context fields that could carry a resident")
                    .isZero();
        });
        assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).contains("started in"));
        Path log = Files.writeString(dir.resolve("json.log"), output);
        assertThat(IdentifiersInText.scan(log)).isEmpty();
    }

    /** A well-formed token for the hub's audience, signed by a key no identity platform published. */
    private static String aSignedToken() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return Jwt.preferredUserName("token.user")
                .audience("community-hub")
                .claim("realm_access", Map.of("roles", List.of("worker")))
                .sign(generator.generateKeyPair().getPrivate());
    }
}
