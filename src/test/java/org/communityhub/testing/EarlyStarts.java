package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTest;
import java.lang.annotation.Annotation;
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
 * directory they start copies of ({@link HubProcess#makeNewHubEarly}). Registered through {@code
 * META-INF/services}.
 */
public final class EarlyStarts implements LauncherDiscoveryListener {

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        List<Class<?>> chosen = request.getSelectorsByType(ClassSelector.class).stream()
                .map(EarlyStarts::load)
                .filter(c -> c != null)
                .toList();
        if (any(chosen, QuarkusTest.class)) {
            TestCluster.startEarly();
        }
        if (any(chosen, ProcessLevelTest.class)) {
            HubProcess.makeNewHubEarly();
        }
    }

    private static boolean any(List<Class<?>> classes, Class<? extends Annotation> annotation) {
        return classes.stream().anyMatch(c -> AnnotationSupport.isAnnotated(c, annotation));
    }

    private static Class<?> load(ClassSelector selector) {
        try {
            return Class.forName(selector.getClassName(), false, EarlyStarts.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
