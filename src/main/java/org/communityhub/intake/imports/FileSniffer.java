package org.communityhub.intake.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides what an upload is from its first bytes, not from its name, and refuses a file whose
 * content and name disagree: an XLSX is a zip archive (PK\3\4), a CSV is text without NUL bytes.
 */
final class FileSniffer {

    enum Format {
        CSV,
        XLSX
    }

    private static final int SAMPLE = 8192;

    private FileSniffer() {}

    static Format detect(Path file, String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT).strip();
        byte[] head = head(file);
        if (head.length == 0) {
            throw new RejectedFileException("empty-file", "文件是空的。");
        }
        boolean zip = startsWith(head, 0x50, 0x4B, 0x03, 0x04);
        boolean ole2 = startsWith(head, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1);
        if (ole2) {
            throw new RejectedFileException(
                    "legacy-excel", "这是旧版 Excel（.xls）或其他 Office 文件，暂不能直接导入：请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。");
        }
        if (name.endsWith(".xlsx")) {
            if (!zip) {
                throw new RejectedFileException("not-xlsx", "文件名是 .xlsx，但内容不是 Excel 工作簿（xlsx）：文件可能被改过扩展名或已损坏。");
            }
            return Format.XLSX;
        }
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            if (zip) {
                throw new RejectedFileException("not-csv", "文件名是 .csv，内容却是压缩包（可能是 xlsx 工作簿被改了扩展名）：请按实际格式命名后重新上传。");
            }
            if (startsWith(head, 0xFF, 0xFE) || startsWith(head, 0xFE, 0xFF)) {
                throw new RejectedFileException(
                        "utf16-csv", "这是 UTF-16（Unicode 文本）编码的文件，暂不能导入：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 CSV。");
            }
            if (looksBinary(head)) {
                throw new RejectedFileException("not-csv", "文件名是 .csv，但内容不是文本（含有二进制数据）：文件可能被改过扩展名或已损坏。");
            }
            return Format.CSV;
        }
        throw new RejectedFileException("unsupported-type", "只能导入 .xlsx 或 .csv 文件。");
    }

    private static boolean looksBinary(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return startsWith(head, '%', 'P', 'D', 'F')
                || startsWith(head, 0x89, 'P', 'N', 'G')
                || startsWith(head, 0xFF, 0xD8, 0xFF)
                || startsWith(head, 0x1F, 0x8B)
                || startsWith(head, 'G', 'I', 'F', '8');
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
