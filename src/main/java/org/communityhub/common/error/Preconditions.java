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
     * Checks the version an edit was based on against the record's current version.
     *
     * @throws ProblemException 428 when no version was given, 412 when it names another version
     */
    public static void require(ExpectedVersion expected, long currentVersion) {
        if (expected == null) {
            throw new ProblemException(
                    428,
                    "precondition-required",
                    "Precondition Required",
                    "修改时须在 If-Match 请求头中提供所依据的版本（即读取时返回的 ETag），以免覆盖他人的修改。");
        }
        if (!expected.matches(currentVersion)) {
            throw stale(currentVersion);
        }
    }

    /** Like {@link #require} but an edit that names no version is accepted. */
    public static void requireWhenGiven(ExpectedVersion expected, long currentVersion) {
        if (expected != null) {
            require(expected, currentVersion);
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
}
