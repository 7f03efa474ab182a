package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The hub with the engine tests' own platforms (src/test/resources/test-adapters): one http
 * platform with fast retries, one file platform on a one-minute schedule.
 */
public class EngineTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hub.adapters.dir", "src/test/resources/test-adapters");
    }
}
