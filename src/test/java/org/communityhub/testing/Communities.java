package org.communityhub.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh communities (社区) for tests, added through the API as an admin would. */
public final class Communities {

    /** Real streets of the shipped division data; test communities are added beneath them. */
    private static final String[] STREETS = {"110105001", "110105002", "110105003", "310104001", "440305001"};

    private static final AtomicInteger NEXT = new AtomicInteger(400);

    private Communities() {}

    /** A new community under a real street; returns its 12-digit code. */
    public static String create() {
        int n = NEXT.getAndIncrement();
        String street = STREETS[(n / 500) % STREETS.length];
        String code = street + String.format("%03d", 400 + n % 500);
        Users.asAdmin()
                .body(Map.of("code", code, "name", "测试社区" + n, "parentCode", street))
                .when()
                .post("/api/v1/divisions")
                .then()
                .statusCode(201);
        return code;
    }

    private static final AtomicInteger NEXT_UNREGISTERED = new AtomicInteger();

    /**
     * A 12-digit code of a community under a real street that is not in the registry (nor made by
     * {@link #create}), for tests of adding one.
     */
    public static String unregistered() {
        int n = NEXT_UNREGISTERED.getAndIncrement();
        return STREETS[(n / 100) % STREETS.length] + String.format("%03d", 900 + n % 100);
    }

    /** A division's name, as the registry holds it. */
    public static String nameOf(String code) {
        return (String) Users.asAdmin()
                .get("/api/v1/divisions/" + code)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class)
                .get("name");
    }

    /** The street a community belongs to. */
    public static String streetOf(String communityCode) {
        return communityCode.substring(0, 9);
    }
}
