package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * What the tests will wait for, started as JUnit begins discovering them: Quarkus builds the test
 * profiles' applications during discovery (about 35 s, mostly on one core), and no test runs until
 * it is done. When the chosen tests include hub tests, the test JVM's PostgreSQL and its template
 * ({@link TestCluster#startEarly}); when they include process-level tests, the new hub's data
 * directory they start copies of, when any of them does ({@link HubProcess#makeNewHubEarly}). Registered through {@code
 * META-INF/services}.
 */
public final class EarlyStarts implements LauncherDiscoveryListener {

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        List<Class<?>> chosen = request.getSelectorsByType(ClassSelector.class).stream()
                .map(EarlyStarts::load)
                .filter(c -> c != null)
                .toList();
        if (chosen.stream().anyMatch(c -> AnnotationSupport.isAnnotated(c, QuarkusTest.class)) && sharedWithTheHubs()) {
            TestCluster.startEarly();
        }
        if (chosen.stream()
                .anyMatch(c -> AnnotationSupport.findAnnotation(c, ProcessLevelTest.class)
                        .filter(ProcessLevelTest::onCopiesOfNewHub)
                        .isPresent())) {
            HubProcess.makeNewHubEarly();
        }
    }

    /**
     * Whether this is the copy of {@link TestCluster} that the hubs' {@link HubTestDatabase} reaches
     * (the system class loader's, where Surefire loads this listener): a copy of its own would
     * start a second cluster on the same directory.
     */
    private static boolean sharedWithTheHubs() {
        return TestCluster.class.getClassLoader() == ClassLoader.getSystemClassLoader();
    }

    private static Class<?> load(ClassSelector selector) {
        try {
            return Class.forName(selector.getClassName(), false, EarlyStarts.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
