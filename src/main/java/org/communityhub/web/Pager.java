package org.communityhub.web;

import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communityhub.common.paging.Page;

/**
 * The paging links of a list page: which page this is (counted from 1, as people count), and the
 * addresses of the pages before and after it with the same filters.
 *
 * @param filters the list's query parameters other than {@code page}; blank ones are left out
 */
@TemplateData
public record Pager(String path, Map<String, String> filters, long total, int page, int size) {

    public Pager {
        filters = new LinkedHashMap<>(filters);
    }

    public static Pager of(String path, Map<String, String> filters, Page<?> page) {
        return new Pager(path, filters, page.total(), page.page(), page.size());
    }

    public int number() {
        return page + 1;
    }

    public long pages() {
        return size == 0 ? 0 : (total + size - 1) / size;
    }

    /** The previous page's address, or null on the first page. */
    public String previous() {
        return page > 0 ? link(page - 1) : null;
    }

    /** The next page's address, or null on the last page. */
    public String next() {
        return page + 1 < pages() ? link(page + 1) : null;
    }

    /** The address of page {@code to} (from 0) of the same list. */
    public String link(int to) {
        StringBuilder query = new StringBuilder();
        filters.forEach((name, value) -> append(query, name, value));
        append(query, "page", to == 0 ? null : Integer.toString(to));
        return path + (query.isEmpty() ? "" : "?" + query);
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        query.append(query.isEmpty() ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
