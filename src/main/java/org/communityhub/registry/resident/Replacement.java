package org.communityhub.registry.resident;

/**
 * What an update does to a field that may be left out: keep the stored value, or replace it
 * ({@code value} null clears it).
 */
record Replacement<T>(boolean kept, T value) {

    static <T> Replacement<T> keep() {
        return new Replacement<>(true, null);
    }

    static <T> Replacement<T> set(T value) {
        return new Replacement<>(false, value);
    }
}
