package org.communityhub.common.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {items, total, page, size}}; pages count from 0. */
public record Page<T>(List<T> items, long total, int page, int size) {

    public Page {
        items = List.copyOf(items);
    }

    /** Whether a page comes before this one (for the pages' pagers). */
    public boolean hasPrevious() {
        return page > 0;
    }

    /** Whether more items follow this page. */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total, page, size);
    }
}
