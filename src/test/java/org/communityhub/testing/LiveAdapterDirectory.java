package org.communityhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A definitions directory in the layout Kubernetes mounts a ConfigMap in: each file a link into
 * {@code ..data}, itself a link swapped to a new directory on every update. It always holds the
 * shipped platforms ({@code adapters/<id>/adapter.yaml}, here as {@code <id>.yaml}); a test adds
 * its own definitions beside them and takes them away again.
 */
public final class LiveAdapterDirectory {

    public static final Path DIR = Path.of("target/live-adapters");

    private static final Path SHIPPED = Path.of("adapters");

    private LiveAdapterDirectory() {}

    /** An empty directory with the shipped platforms in it, for a hub about to boot. */
    public static void reset() {
        try {
            if (Files.exists(DIR)) {
                try (Stream<Path> walk = Files.walk(DIR)) {
                    walk.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(DIR);
            publish(Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the shipped platforms and {@code files} (name to content) as a ConfigMap update does:
     * a new directory, then {@code ..data} swapped to it; a file no longer given disappears.
     */
    public static synchronized void publish(Map<String, String> files) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(shipped());
        all.putAll(files);
        // The profile and the tests are loaded by different class loaders: no shared counter.
        Path version = DIR.resolve("..v" + System.nanoTime());
        Files.createDirectories(version);
        for (var f : all.entrySet()) {
            Files.writeString(version.resolve(f.getKey()), f.getValue());
        }
        Path tmp = DIR.resolve("..data_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, version.getFileName());
        Files.move(tmp, DIR.resolve("..data"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> list = Files.list(DIR)) {
            for (Path p : list.toList()) {
                if (!p.getFileName().toString().startsWith("..")
                        && !all.containsKey(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        for (String name : all.keySet()) {
            Path link = DIR.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data").resolve(name));
            }
        }
    }

    private static Map<String, String> shipped() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(SHIPPED)) {
            for (Path dir : dirs.sorted().toList()) {
                Path definition = dir.resolve("adapter.yaml");
                if (Files.isRegularFile(definition)) {
                    files.put(dir.getFileName() + ".yaml", Files.readString(definition));
                }
            }
        }
        return files;
    }
}
