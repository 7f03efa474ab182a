package org.communityhub.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Users for tests, created through the API by the bootstrap admin. */
public final class Users {

    public static final String PASSWORD = "test-pass-2026";
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Users() {}

    /** A request signed in as the bootstrap admin. */
    public static RequestSpecification asAdmin() {
        return given().auth()
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
        return given().auth().preemptive().basic(username, PASSWORD).contentType(ContentType.JSON);
    }
}
