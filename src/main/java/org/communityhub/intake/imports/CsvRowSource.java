package org.communityhub.intake.imports;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.communityhub.common.csv.CsvReader;

/** The records of a CSV upload in its detected encoding, decoded strictly. */
final class CsvRowSource implements RowSource {

    private final CountingInputStream counted;
    private final CsvReader csv;
    private final TextEncoding.Detected encoding;
    private final ImportSettings limits;
    private long record;

    CsvRowSource(Path file, ImportSettings limits) {
        this.limits = limits;
        this.encoding = TextEncoding.detect(file);
        try {
            InputStream raw = Files.newInputStream(file);
            raw.skipNBytes(encoding.bomLength());
            this.counted = new CountingInputStream(new BufferedInputStream(raw, 64 * 1024));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.csv = new CsvReader(new BufferedReader(
                new InputStreamReader(counted, TextEncoding.strictDecoder(encoding.charset())), 64 * 1024));
    }

    @Override
    public SheetRow next() {
        List<String> fields;
        try {
            fields = csv.next();
        } catch (CsvReader.CsvFormatException e) {
            if (e.getMessage().contains("超过")) {
                throw new RejectedFileException(
                        "cell-too-long",
                        "第 " + (record + 1) + " 行有一个单元格超过 " + CsvReader.MAX_FIELD_LENGTH + " 个字符，不像是台账数据：文件已拒收。");
            }
            throw new RejectedFileException("truncated-csv", "第 " + (record + 1) + " 行起引号未闭合：文件可能不完整（上传中断）或已损坏。");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new RejectedFileException(
                        "invalid-encoding",
                        "第 " + (record + 1) + " 行附近有按 "
                                + (encoding.charset().name().startsWith("UTF") ? "UTF-8" : "GBK/GB18030")
                                + " 编码无法识别的字节：文件可能已损坏，或混用了多种编码。请在 Excel 中重新另存为 CSV 后再导入。");
            }
            throw e;
        }
        if (fields == null) {
            return null;
        }
        record++;
        if (fields.size() > limits.maxColumns()) {
            throw new RejectedFileException(
                    "too-many-columns",
                    "第 " + record + " 行有 " + fields.size() + " 列，超过上限 " + limits.maxColumns() + " 列：文件已拒收。");
        }
        for (String f : fields) {
            if (f.length() > limits.maxCellChars()) {
                throw new RejectedFileException(
                        "cell-too-long", "第 " + record + " 行有一个单元格超过 " + limits.maxCellChars() + " 个字符，不像是台账数据：文件已拒收。");
            }
        }
        return new SheetRow(record, fields, null);
    }

    @Override
    public long position() {
        return counted.count + encoding.bomLength();
    }

    @Override
    public String encoding() {
        return encoding.label();
    }

    @Override
    public void close() {
        csv.close();
    }

    /** Counts the bytes read, for progress. */
    static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
