package org.communityhub.intake.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The encoding of a CSV file: UTF-8 when it starts with a byte-order mark or when its first 64 KB
 * decode as strict UTF-8; otherwise GB18030, which includes GBK and GB2312 (what Excel on Chinese
 * Windows writes). Reading is strict either way: bytes the encoding cannot decode stop the import.
 */
final class TextEncoding {

    static final Charset GB18030 = Charset.forName("GB18030");
    private static final int SAMPLE = 64 * 1024;

    /** The charset and how many bytes of byte-order mark to skip. */
    record Detected(Charset charset, int bomLength) {
        String label() {
            return charset.equals(StandardCharsets.UTF_8) ? (bomLength > 0 ? "UTF-8-BOM" : "UTF-8") : "GB18030";
        }
    }

    private TextEncoding() {}

    static Detected detect(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        return new Detected(isUtf8(head, head.length < SAMPLE) ? StandardCharsets.UTF_8 : GB18030, 0);
    }

    /** Whether the bytes are strict UTF-8; a character cut off at the end of a sample is allowed. */
    static boolean isUtf8(byte[] bytes, boolean complete) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, complete);
        if (result.isError()) {
            return false;
        }
        if (complete) {
            return !decoder.flush(out).isError();
        }
        return in.remaining() < 4; // an incomplete last character of the sample
    }

    static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
