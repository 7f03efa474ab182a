package org.communityhub.common.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {items, total, page, size}}; pages count from 0. */
public record Page<T>(List<T> items, long total, int page, int size) {

    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total, page, size);
    }
}
