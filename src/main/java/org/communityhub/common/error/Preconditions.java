package org.communityhub.common.error;

import jakarta.ws.rs.core.EntityTag;
import java.util.Map;

/**
 * Optimistic concurrency over HTTP: a resource's ETag is its version; an update must name the
 * version it was based on in {@code If-Match}. Missing → 428, stale → 412. Nobody's edit is lost.
 */
public final class Preconditions {

    private Preconditions() {}

    public static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * Checks an {@code If-Match} header against the current version.
     *
     * @throws ProblemException 428 when the header is missing, 412 when it names another version
     */
    public static void checkIfMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(
                    428,
                    "precondition-required",
                    "Precondition Required",
                    "修改时须在 If-Match 请求头中提供所依据的版本（即读取时返回的 ETag），以免覆盖他人的修改。");
        }
        if (!matches(ifMatch, currentVersion)) {
            throw stale(currentVersion);
        }
    }

    /** Like {@link #checkIfMatch} but an absent header is accepted. */
    public static void checkIfMatchWhenGiven(String ifMatch, long currentVersion) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            checkIfMatch(ifMatch, currentVersion);
        }
    }

    public static ProblemException stale() {
        return new ProblemException(412, "stale-version", "Precondition Failed", "该记录已被他人修改。请重新打开查看最新内容后再修改。");
    }

    public static ProblemException stale(long currentVersion) {
        return new ProblemException(
                412,
                "stale-version",
                "Precondition Failed",
                "该记录已被他人修改（当前版本 " + currentVersion + "）。请重新打开查看最新内容后再修改。",
                java.util.List.of(),
                Map.of("currentVersion", currentVersion));
    }

    /** Strong comparison (RFC 9110 §13.1.1): weak tags and {@code *} never match a version. */
    private static boolean matches(String ifMatch, long version) {
        String expected = "\"" + version + "\"";
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(expected)) {
                return true;
            }
        }
        return false;
    }
}
