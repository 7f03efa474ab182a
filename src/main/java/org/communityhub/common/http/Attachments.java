package org.communityhub.common.http;

import java.nio.charset.StandardCharsets;

/** How every download of the hub is named. */
public final class Attachments {

    private Attachments() {}

    /**
     * A download's {@code Content-Disposition}: named for saving in Chinese (RFC 6266 with an RFC
     * 5987 {@code filename*}) and in ASCII for programs that take no other.
     */
    public static String contentDisposition(String fileName, String asciiFallback) {
        return "attachment; filename=\"" + asciiFallback.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''"
                + encode(fileName);
    }

    /** RFC 5987 value characters: letters, digits and !#$&+-.^_`|~ as they are, every other byte as %XX. */
    public static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
