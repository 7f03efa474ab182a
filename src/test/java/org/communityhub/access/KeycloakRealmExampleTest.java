package org.communityhub.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example realm a district imports (the one {@code KeycloakSignInIT} runs against) is what the
 * Keycloak steps of docs/sign-in.md describe: the hub's roles, its client for the pages, the two
 * mappers on every client that gets tokens for the hub, and {@code hub_scope} declared so that only
 * administrators set it. Were the realm or the steps changed alone, this fails.
 */
class KeycloakRealmExampleTest {

    private static final String CLIENT_ID = "community-hub";

    private static JsonNode realm;
    private static String guide;

    @BeforeAll
    static void readTheRealmAndTheGuide() throws Exception {
        realm = new ObjectMapper()
                .readTree(Path.of("docs", "keycloak-realm.example.json").toFile());
        guide = Files.readString(Path.of("docs", "sign-in.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theRealmHasTheHubsRolesAndTheGuideNamesThem() {
        Set<String> roles = new HashSet<>();
        realm.path("roles")
                .path("realm")
                .forEach(role -> roles.add(role.path("name").asText()));

        assertThat(roles).containsAll(Roles.ALL);
        assertThat(guide).contains("realm roles named like the hub's roles");
        Roles.ALL.forEach(role -> assertThat(guide).contains("`" + role + "`"));
    }

    @Test
    void thePagesClientIsConfidentialWithTheStandardFlowPkceAndTheHubsAddresses() {
        JsonNode client = client(CLIENT_ID);

        assertThat(client.path("publicClient").asBoolean(true)).isFalse();
        assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
        assertThat(texts(client.path("redirectUris")))
                .singleElement()
                .asString()
                .endsWith("/sign-in/oidc/callback");
        assertThat(client.path("attributes").path("post.logout.redirect.uris").asText())
                .endsWith("/login");
        assertThat(client.path("attributes").path("pkce.code.challenge.method").asText())
                .isEqualTo("S256");
        assertThat(guide)
                .contains("Create the client `" + CLIENT_ID + "`")
                .contains("client authentication on (confidential), standard flow on,\n   direct access grants off")
                .contains("`https://<hub>/sign-in/oidc/callback`")
                .contains("`https://<hub>/login`")
                .contains("PKCE method `S256`");
    }

    @Test
    void everyClientThatGetsTokensForTheHubPutsItsAudienceAndTheAreaInTheAccessToken() {
        List<String> withMappers = new ArrayList<>();
        realm.path("clients").forEach(client -> {
            if (client.path("protocolMappers").isEmpty()) {
                return;
            }
            withMappers.add(client.path("clientId").asText());
            JsonNode audience = mapper(client, "oidc-audience-mapper");
            assertThat(audience.path("included.client.audience").asText()).isEqualTo(CLIENT_ID);
            assertThat(audience.path("access.token.claim").asText()).isEqualTo("true");
            JsonNode area = mapper(client, "oidc-usermodel-attribute-mapper");
            assertThat(area.path("user.attribute").asText()).isEqualTo("hub_scope");
            assertThat(area.path("claim.name").asText()).isEqualTo("hub_scope");
            assertThat(area.path("multivalued").asText()).isEqualTo("true");
            assertThat(area.path("access.token.claim").asText()).isEqualTo("true");
        });

        assertThat(withMappers).contains(CLIENT_ID, "hub-sync");
        assertThat(guide)
                .contains("*Audience* (included client audience `" + CLIENT_ID + "`")
                .contains(
                        "*User Attribute* (user attribute `hub_scope`, token claim name\n   `hub_scope`, multivalued");
    }

    @Test
    void theAreaIsDeclaredInTheUserProfileForAdministratorsOnly() throws Exception {
        JsonNode profile = new ObjectMapper()
                .readTree(realm.path("components")
                        .path("org.keycloak.userprofile.UserProfileProvider")
                        .get(0)
                        .path("config")
                        .path("kc.user.profile.config")
                        .get(0)
                        .asText());
        JsonNode area = null;
        for (JsonNode attribute : profile.path("attributes")) {
            if (attribute.path("name").asText().equals("hub_scope")) {
                area = attribute;
            }
        }

        assertThat(area).as("hub_scope in the user profile").isNotNull();
        assertThat(area.path("multivalued").asBoolean()).isTrue();
        assertThat(texts(area.path("permissions").path("edit"))).containsExactly("admin");
        assertThat(guide)
                .contains("Declare `hub_scope` in the realm's user profile")
                .contains("administrators only");
    }

    private static JsonNode client(String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId + " in the example realm");
    }

    private static JsonNode mapper(JsonNode client, String kind) {
        for (JsonNode mapper : client.path("protocolMappers")) {
            if (mapper.path("protocolMapper").asText().equals(kind)) {
                return mapper.path("config");
            }
        }
        throw new AssertionError(client.path("clientId").asText() + " has no " + kind);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
