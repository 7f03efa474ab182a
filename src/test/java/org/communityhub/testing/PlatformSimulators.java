package org.communityhub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the platform simulator before the hub, and points the hub's platform URLs at it. */
public class PlatformSimulators implements QuarkusTestResourceLifecycleManager {

    private static PlatformSimulator simulator;

    @Override
    public Map<String, String> start() {
        try {
            simulator = PlatformSimulator.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "HUB_PUBLIC_SECURITY_URL", simulator.url("public-security"),
                "HUB_GRID_URL", simulator.url("grid"),
                "HUB_SIM_URL", simulator.url("sim"),
                "HUB_BENCH_A_URL", simulator.url("bench-a"),
                "HUB_BENCH_B_URL", simulator.url("bench-b"));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.stop();
            simulator = null;
        }
    }

    public static PlatformSimulator.Platform publicSecurity() {
        return simulator.platform("public-security");
    }

    public static PlatformSimulator.Platform platform(String path) {
        return simulator.platform(path);
    }

    public static PlatformSimulator.Platform sim() {
        return simulator.platform("sim");
    }

    public static PlatformSimulator.Platform grid() {
        return simulator.platform("grid");
    }
}
