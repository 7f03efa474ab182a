package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;

/**
 * The hub with the tests' own platforms, with its limits on personal data set low, and with token
 * sign-in. One profile for the delivery engine's tests, the tests of those limits and of tokens,
 * so they share one boot of the hub (each profile costs a build of the application and a boot):
 *
 * <ul>
 *   <li>the platforms of src/test/resources/test-adapters: one http platform with fast retries, one
 *       file platform on a one-minute schedule;
 *   <li>only supervisors may reveal; more than two residents revealed or exported in a day raise a
 *       volume alert; the whole day counts as night; an export has at most two rows;
 *   <li>OIDC bearer tokens accepted beside the built-in users, checked against a fake OIDC server
 *       (WireMock on a free port) that publishes its signing key as Keycloak does, for the client
 *       {@value #OIDC_CLIENT_ID}.
 * </ul>
 */
public class PlatformsAndLimitsTestProfile implements QuarkusTestProfile {

    /** The hub's client in the fake realm; tokens must name it as their audience. */
    public static final String OIDC_CLIENT_ID = "community-hub";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>();
        settings.put("hub.adapters.dir", "src/test/resources/test-adapters");
        settings.put("hub.privacy.reveal-roles", Roles.SUPERVISOR);
        settings.put("hub.audit.alerts.daily-residents", "2");
        settings.put("hub.audit.alerts.factor", "1");
        settings.put("hub.audit.alerts.night-start", "00:00");
        settings.put("hub.audit.alerts.night-end", "23:59:59");
        settings.put("hub.export.max-rows", "2");
        settings.put("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus");
        settings.put("quarkus.oidc.client-id", OIDC_CLIENT_ID);
        return settings;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
    }
}
