package org.communityhub.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The benchmarks' hub without delivery: platforms' workers would compete for the two cores. */
public class WithoutDelivery implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hub.fanout.enabled", "false");
    }
}
