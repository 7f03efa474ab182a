package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Starts the test JVM's PostgreSQL ({@link TestCluster#startEarly}) as discovery begins, when the
 * tests chosen include a hub test: Quarkus builds the test profiles' applications during discovery,
 * and the cluster is ready when the first of them boots. A run of process-level tests alone starts
 * none. Registered through {@code META-INF/services}.
 */
public final class EarlyTestCluster implements LauncherDiscoveryListener {

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        boolean hubTests =
                request.getSelectorsByType(ClassSelector.class).stream().anyMatch(EarlyTestCluster::isHubTest);
        if (hubTests) {
            TestCluster.startEarly();
        }
    }

    private static boolean isHubTest(ClassSelector selector) {
        try {
            Class<?> test = Class.forName(selector.getClassName(), false, EarlyTestCluster.class.getClassLoader());
            return AnnotationSupport.isAnnotated(test, QuarkusTest.class);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
