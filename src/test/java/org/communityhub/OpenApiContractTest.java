package org.communityhub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.communityhub.testing.HubTest;
import org.junit.jupiter.api.Test;

/**
 * The published contract: {@code openapi/openapi.json} as committed must be what the running hub
 * serves. Tests run before packaging, and only the production build ({@code ./mvnw package})
 * rewrites the file; a change to the API then shows up in {@code git diff openapi/}, to be reviewed
 * and committed with the code.
 */
@HubTest
class OpenApiContractTest {

    private static final Path CONTRACT = Path.of("openapi", "openapi.json");

    @Test
    void theCommittedContractIsWhatTheHubServes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode served = json.readTree(
                given().queryParam("format", "json").when().get("/q/openapi").asString());

        JsonNode committed = json.readTree(committedContract());

        assertThat(served)
                .as("openapi/openapi.json differs from the API the hub serves: run ./mvnw -DskipTests package, "
                        + "review git diff openapi/, and commit the file with the change")
                .isEqualTo(committed);
    }

    @Test
    void theContractDescribesTheRegistry() throws Exception {
        JsonNode committed = new ObjectMapper().readTree(committedContract());

        assertThat(committed.path("paths").fieldNames())
                .toIterable()
                .contains(
                        "/api/v1/residents",
                        "/api/v1/residents/{id}",
                        "/api/v1/residents/{id}/history",
                        "/api/v1/households",
                        "/api/v1/divisions",
                        "/api/v1/code-tables",
                        "/api/v1/users",
                        "/api/v1/party-members",
                        "/api/v1/league-members");
    }

    private static String committedContract() throws IOException {
        return Files.readString(CONTRACT, StandardCharsets.UTF_8);
    }
}
