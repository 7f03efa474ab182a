package org.communityhub.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test of packaged hubs started as processes ({@link HubProcess}). Such a class runs beside the
 * in-JVM tests, which leave the cores idle about a third of the time while they wait on the hub,
 * and beside other such classes; its own tests follow each other in one thread, as the scenarios
 * of one hub's life must. The in-JVM classes keep to one thread and their order: Quarkus boots one
 * test profile at a time. How many run at once is set in the build (surefire's
 * {@code junit.jupiter.execution.parallel.config.fixed.parallelism}).
 *
 * <p>Each class holds a lock of its own ({@link OneAfterAnother}), which holds no other class back
 * and makes its own tests follow each other in one thread.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(providers = OneAfterAnother.class)
public @interface ProcessLevelTest {}
