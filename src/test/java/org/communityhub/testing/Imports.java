package org.communityhub.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Imports as tests wait for them: checked or committed in the background. */
public final class Imports {

    private Imports() {}

    /** The import once its check or commit has ended (any state but PARSING and COMMITTING), as its user sees it. */
    public static Json awaitSettled(String user, String id) {
        AtomicReference<String> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    // Polled with Jackson; one Json for the caller at the end (each of its
                    // look-ups compiles a Groovy script).
                    String body = Users.as(user)
                            .get("/api/v1/imports/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString();
                    last.set(body);
                    String state = Users.JSON.readTree(body).path("state").asText();
                    return !state.equals("PARSING") && !state.equals("COMMITTING");
                });
        return Json.from(last.get());
    }
}
