package org.communityhub.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A page session begun by the sign-in form, as a browser holds it: its cookies and its page token. */
public record PageSession(Map<String, String> cookies, String token) {

    private static final Pattern TOKEN = Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"");

    /** Signs in with the form from {@code source} (X-Forwarded-For) and reads the token of the home page. */
    public static PageSession signIn(String username, String password, String source) {
        Response signIn = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", source)
                .formParam("j_username", username)
                .formParam("j_password", password)
                .post("/j_security_check");
        assertThat(signIn.getCookie("quarkus-credential")).as("signed in").isNotBlank();
        Map<String, String> cookies = Map.copyOf(signIn.getCookies());
        return new PageSession(
                cookies, tokenOf(given().cookies(cookies).get("/").asString()));
    }

    static String tokenOf(String page) {
        Matcher m = TOKEN.matcher(page);
        return m.find() ? m.group(1) : null;
    }

    /** A request carrying the session's cookies and its page token. */
    public RequestSpecification request() {
        return given().redirects().follow(false).cookies(cookies).header("X-CSRF-Token", token);
    }

    /** Whether the session still opens the home page (rather than being sent to sign in). */
    public boolean open() {
        return given().redirects().follow(false).cookies(cookies).get("/").statusCode() == 200;
    }
}
