package org.communityhub.reference.code;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A national (or hub-defined) code table: its id, name, the standard it follows, its codes. */
@JsonPropertyOrder({"id", "name", "standard", "entries"})
public final class CodeTable {

    private final String id;
    private final String name;
    private final String standard;
    private final List<CodeEntry> entries;
    private final Map<String, CodeEntry> byCode = new LinkedHashMap<>();

    public CodeTable(String id, String name, String standard, List<CodeEntry> entries) {
        this.id = id;
        this.name = name;
        this.standard = standard;
        this.entries = List.copyOf(entries);
        entries.forEach(e -> byCode.put(e.code(), e));
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getStandard() {
        return standard;
    }

    public List<CodeEntry> getEntries() {
        return entries;
    }

    public boolean contains(String code) {
        return code != null && byCode.containsKey(code);
    }

    public Optional<CodeEntry> entry(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** The code whose name is exactly {@code name}, for input that gives names instead of codes. */
    public Optional<CodeEntry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
