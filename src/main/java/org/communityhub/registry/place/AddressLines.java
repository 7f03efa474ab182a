package org.communityhub.registry.place;

import io.quarkus.qute.TemplateExtension;
import java.util.Optional;

/** {@code address:line(building, unit, room)}: an address inside its community as every page writes it. */
@TemplateExtension(namespace = "address")
public final class AddressLines {

    private AddressLines() {}

    /** E.g. "3号楼 2单元 501" ({@link Address#shown}); the parts may be text, empty or optional. */
    static String line(Object building, Object unit, Object room) {
        return Address.shown(text(building), text(unit), text(room));
    }

    private static String text(Object part) {
        if (part instanceof Optional<?> optional) {
            return optional.map(Object::toString).orElse(null);
        }
        return part == null ? null : part.toString();
    }
}
