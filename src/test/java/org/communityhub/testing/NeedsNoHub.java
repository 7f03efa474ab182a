package org.communityhub.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class of seconds that boots no hub in the test JVM and shares nothing with other tests
 * (the architecture rules, the Kubernetes manifests, an embedded PostgreSQL of its own): like a
 * {@link ProcessLevelTest}, it runs beside the in-JVM hub tests instead of in their line, its own
 * tests one after another.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = "needs-no-hub", mode = ResourceAccessMode.READ)
public @interface NeedsNoHub {}
