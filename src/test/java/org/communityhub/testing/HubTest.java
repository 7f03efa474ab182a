package org.communityhub.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the running hub against its real embedded PostgreSQL, with simulated platforms; all
 * such tests share one hub.
 */
@QuarkusTest
@QuarkusTestResource(HubTestDatabase.class)
@QuarkusTestResource(PlatformSimulators.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface HubTest {}
