package org.communityhub.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of packaged hubs started as processes ({@link HubProcess}). It boots no hub in the test
 * JVM, so it runs beside the in-JVM tests ({@link NeedsNoHub}), which leave the cores idle about a
 * third of the time while they wait on the hub, and beside other such classes; its own tests follow
 * each other in one thread, as the scenarios of one hub's life must. The processes it starts run at
 * a lower priority ({@link BesideTheTests}). How many classes run at once is set in the build
 * (surefire's {@code junit.jupiter.execution.parallel.config.fixed.parallelism}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@NeedsNoHub
public @interface ProcessLevelTest {

    /**
     * Whether its hubs start on copies of a new hub's data directory ({@link
     * HubProcess#startCopyOfNew}): if so, that directory is made while the tests are discovered
     * ({@link EarlyStarts}).
     */
    boolean onCopiesOfNewHub() default false;
}
