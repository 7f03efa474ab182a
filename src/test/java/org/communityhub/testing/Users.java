package org.communityhub.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.mapper.factory.Jackson2ObjectMapperFactory;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Users for tests, created through the API by the bootstrap admin. */
public final class Users {

    public static final String PASSWORD = "test-pass-2026";
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Users() {}

    /**
     * One Jackson ObjectMapper for every body REST Assured writes or reads: its default factory makes
     * a new mapper each time and looks for modules on the whole class path (ServiceLoader), which a
     * profile of the suite found in about one sample in twenty of the test thread.
     */
    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static final Jackson2ObjectMapperFactory ONE_MAPPER = (type, charset) -> JSON;

    /**
     * A request, with REST Assured set to use {@link #JSON}. Set again whenever it is not: the
     * test framework puts back REST Assured's settings after each test class.
     */
    public static RequestSpecification request() {
        RestAssuredConfig config = RestAssured.config();
        if (config.getObjectMapperConfig().jackson2ObjectMapperFactory() != ONE_MAPPER) {
            RestAssured.config =
                    config.objectMapperConfig(config.getObjectMapperConfig().jackson2ObjectMapperFactory(ONE_MAPPER));
        }
        return given();
    }

    /** A request signed in as the bootstrap admin. */
    public static RequestSpecification asAdmin() {
        return request()
                .auth()
                .preemptive()
                .basic("admin", HubTestDatabase.ADMIN_PASSWORD)
                .contentType(ContentType.JSON);
    }

    /** Creates a user with the given role and scope; returns the username. */
    public static String create(String role, String... scope) {
        String username = role.replace("-", "") + "." + NEXT.getAndIncrement();
        asAdmin()
                .body(Map.of(
                        "username", username, "password", PASSWORD, "roles", List.of(role), "scope", List.of(scope)))
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        return username;
    }

    /** A request signed in as {@code username}. */
    public static RequestSpecification as(String username) {
        return request().auth().preemptive().basic(username, PASSWORD).contentType(ContentType.JSON);
    }
}
