package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import org.communityhub.access.Roles;

/**
 * The hub with its limits on personal data set low, for the tests of those limits: only supervisors
 * may reveal, more than two residents revealed or exported in a day raise a volume alert, the whole
 * day counts as night, and an export has at most two rows. One profile for all of them, so they
 * share one boot of the hub.
 */
public class LowLimitsTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hub.privacy.reveal-roles", Roles.SUPERVISOR,
                "hub.audit.alerts.daily-residents", "2",
                "hub.audit.alerts.factor", "1",
                "hub.audit.alerts.night-start", "00:00",
                "hub.audit.alerts.night-end", "23:59:59",
                "hub.export.max-rows", "2");
    }
}
