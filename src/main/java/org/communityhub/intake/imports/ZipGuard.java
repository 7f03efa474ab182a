package org.communityhub.intake.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks an XLSX file (a zip archive) before any XML in it is parsed: its central directory must be
 * complete (a truncated upload has none), the number of parts bounded, and every part is inflated
 * once, counting, so that neither the total inflated size nor any part's ratio of inflated to
 * compressed bytes exceeds the limits — the sizes an archive declares can lie, the count cannot.
 * An XML part that declares a document type (DTD) is refused too: spreadsheets never need one, and
 * external entities are how XML is made to read local files.
 */
final class ZipGuard {

    private static final long RATIO_FLOOR = 1024 * 1024;
    private static final int PROLOG = 4096;

    private ZipGuard() {}

    /**
     * Checks the archive; returns the number of rows the first worksheet declares in its {@code
     * <dimension>} (Excel writes it at the top of the sheet), or 0 when it declares none.
     */
    static long check(Path file, ImportSettings limits) {
        long declaredRows = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > limits.maxZipEntries()) {
                throw new RejectedFileException("too-many-parts", "工作簿由 " + zip.size() + " 个部件组成，超过上限：文件已拒收。");
            }
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                long compressed = Math.max(entry.getCompressedSize(), 1);
                long inflated = 0;
                boolean xml = isXml(entry.getName());
                byte[] prolog = new byte[PROLOG];
                int prologLength = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        if (xml && prologLength < PROLOG) {
                            int take = Math.min(n, PROLOG - prologLength);
                            System.arraycopy(buffer, 0, prolog, prologLength, take);
                            prologLength += take;
                        }
                        inflated += n;
                        total += n;
                        if (total > limits.maxInflatedBytes()) {
                            throw new RejectedFileException(
                                    "zip-too-large",
                                    "工作簿解压后超过 " + (limits.maxInflatedBytes() >> 20) + " MB（可能是“压缩炸弹”）：文件已拒收。");
                        }
                        if (inflated > RATIO_FLOOR && inflated / compressed > limits.maxCompressionRatio()) {
                            throw new RejectedFileException(
                                    "zip-bomb",
                                    "工作簿中有部件的压缩比异常高（超过 " + limits.maxCompressionRatio() + " 倍，可能是“压缩炸弹”）：文件已拒收。");
                        }
                    }
                }
                String head = xml ? new String(prolog, 0, prologLength, StandardCharsets.ISO_8859_1) : "";
                if (declaredRows == 0 && entry.getName().startsWith("xl/worksheets/sheet")) {
                    declaredRows = declaredRows(head);
                }
                if (xml && declaresDoctype(head)) {
                    throw new RejectedFileException(
                            "xml-doctype", "工作簿的 XML 中含有文档类型声明（DTD/实体），正常的 Excel 文件不会有：出于安全原因，文件已拒收。");
                }
            }
            return declaredRows;
        } catch (ZipException e) {
            throw new RejectedFileException("damaged-xlsx", "工作簿不完整或已损坏（可能上传中断）：无法读取，请重新保存后上传。");
        } catch (IOException e) {
            throw new RejectedFileException("damaged-xlsx", "工作簿不完整或已损坏（可能上传中断）：无法读取，请重新保存后上传。");
        }
    }

    private static final java.util.regex.Pattern DIMENSION =
            java.util.regex.Pattern.compile("<dimension\\s+ref=\"[A-Z]+[0-9]+:[A-Z]+([0-9]+)\"");

    private static long declaredRows(String head) {
        java.util.regex.Matcher m = DIMENSION.matcher(head);
        try {
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isXml(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".xml") || n.endsWith(".rels") || n.endsWith(".vml");
    }

    private static boolean declaresDoctype(String prolog) {
        // UTF-16 parts put a NUL beside every ASCII letter.
        String p = prolog.replace("\0", "").toUpperCase(Locale.ROOT);
        return p.contains("<!DOCTYPE") || p.contains("<!ENTITY");
    }
}
