package org.communityhub.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class of seconds that boots no hub in the test JVM and shares nothing with other tests
 * (the architecture rules, the Kubernetes manifests, reading hostile files): like a
 * {@link ProcessLevelTest}, it runs beside the in-JVM hub tests instead of in their line, its own
 * tests one after another.
 *
 * <p>Not for a test that starts an embedded PostgreSQL in a temporary directory: the library
 * unpacks its binaries once per JVM, into the first database's directory, and every later database
 * of the JVM runs from there, so that directory must outlive the run (see {@code TwoHubsIT}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(providers = OneAfterAnother.class)
public @interface NeedsNoHub {}
