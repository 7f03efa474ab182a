package org.communityhub.adapter.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.communityhub.adapter.definition.YamlTree.Mapping;
import org.communityhub.adapter.definition.YamlTree.Scalar;
import org.communityhub.adapter.definition.YamlTree.Sequence;
import org.communityhub.adapter.definition.YamlTree.Value;

/**
 * The definition version the sharing ledger records: SHA-256 of what the file says, not of how it
 * is written. Comments, blank lines, indentation and quoting styles do not change it; a changed
 * field, code, condition or setting does. {@code ${NAME}} references are hashed as written: the
 * definition is the same wherever it runs.
 */
final class DefinitionHash {

    private DefinitionHash() {}

    static String of(Value root) {
        StringBuilder canonical = new StringBuilder();
        write(root, canonical);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tagged, length-prefixed form, so that no two different trees write the same text. */
    private static void write(Value value, StringBuilder out) {
        if (value instanceof Scalar s) {
            out.append('s').append(s.text().length()).append(':').append(s.text());
        } else if (value instanceof Sequence seq) {
            out.append('l').append(seq.items().size()).append('[');
            seq.items().forEach(v -> write(v, out));
            out.append(']');
        } else {
            Mapping m = (Mapping) value;
            out.append('m').append(m.entries().size()).append('{');
            for (YamlTree.Entry e : m.entries()) {
                write(e.key(), out);
                write(e.value(), out);
            }
            out.append('}');
        }
    }
}
