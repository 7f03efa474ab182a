package org.communityhub.testing;

import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * A lock of the test class's own, held for writing: JUnit then runs that class's tests one after
 * another in one thread, while other classes, each with its own lock, run beside it. (A lock held
 * only for reading leaves a concurrent class's tests concurrent with each other.)
 */
public final class OneAfterAnother implements ResourceLocksProvider {

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        return Set.of(new Lock("test class " + testClass.getName(), ResourceAccessMode.READ_WRITE));
    }
}
