package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import org.communityhub.access.Roles;

/**
 * The hub with the tests' own platforms and with its limits on personal data set low. One profile
 * for the delivery engine's tests and for the tests of those limits, so they share one boot of the
 * hub (each profile costs a build of the application and a boot):
 *
 * <ul>
 *   <li>the platforms of src/test/resources/test-adapters: one http platform with fast retries, one
 *       file platform on a one-minute schedule;
 *   <li>only supervisors may reveal; more than two residents revealed or exported in a day raise a
 *       volume alert; the whole day counts as night; an export has at most two rows.
 * </ul>
 */
public class PlatformsAndLimitsTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hub.adapters.dir", "src/test/resources/test-adapters",
                "hub.privacy.reveal-roles", Roles.SUPERVISOR,
                "hub.audit.alerts.daily-residents", "2",
                "hub.audit.alerts.factor", "1",
                "hub.audit.alerts.night-start", "00:00",
                "hub.audit.alerts.night-end", "23:59:59",
                "hub.export.max-rows", "2");
    }
}
