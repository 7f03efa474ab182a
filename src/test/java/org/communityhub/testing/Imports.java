package org.communityhub.testing;

import static org.communityhub.testing.Waiting.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Imports as tests wait for them: checked or committed in the background. */
public final class Imports {

    private Imports() {}

    /** The import once its check or commit has ended (any state but PARSING and COMMITTING), as its user sees it. */
    public static Json awaitSettled(String user, String id) {
        AtomicReference<Json> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Json answer = Users.as(user)
                    .get("/api/v1/imports/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
            last.set(answer);
            String state = answer.getString("state");
            return !state.equals("PARSING") && !state.equals("COMMITTING");
        });
        return last.get();
    }
}
