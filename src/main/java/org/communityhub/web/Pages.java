package org.communityhub.web;

import java.util.List;

/** Which requests are pages (HTML for people) rather than the API or the hub's own endpoints. */
public final class Pages {

    private static final List<String> NOT_PAGES = List.of("/api/", "/q/", "/static/", "/webjars/");

    private Pages() {}

    public static boolean isPage(String path) {
        return path != null && NOT_PAGES.stream().noneMatch(path::startsWith);
    }
}
