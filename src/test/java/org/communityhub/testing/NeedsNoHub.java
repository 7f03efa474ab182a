package org.communityhub.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that boots no hub in the test JVM and shares nothing with other tests (the
 * architecture rules, the Kubernetes manifests, reading hostile files, every {@link
 * ProcessLevelTest}): it runs beside the in-JVM hub tests instead of in their line, which Quarkus
 * keeps to one class at a time. Each such class holds a lock of its own ({@link OneAfterAnother}),
 * which holds no other class back and makes its own tests follow each other in one thread.
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
