package org.communityhub.intake.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What a worksheet looks like beyond its cells, as far as a filled form repeats it: the column
 * widths it sets and the cells merged above its header row. Read with StAX, DTDs and external
 * entities off, from an archive {@link ZipGuard} has checked already; a part that cannot be read
 * gives no layout rather than refusing the form.
 */
record XlsxLayout(Map<Integer, Double> widths, List<FormFile.Merge> merges) {

    static final XlsxLayout NONE = new XlsxLayout(Map.of(), List.of());

    private static final String RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final Pattern CELL = Pattern.compile("([A-Z]{1,3})([0-9]{1,7})");
    /** Excel's widest column. */
    private static final double MAX_WIDTH = 255;

    static XlsxLayout read(Path file, String sheetName, int headerRow) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String part = sheetPart(zip, sheetName);
            ZipEntry entry = part == null ? null : zip.getEntry(part);
            if (entry == null) {
                return NONE;
            }
            Map<Integer, Double> widths = new HashMap<>();
            List<FormFile.Merge> merges = new ArrayList<>();
            try (InputStream in = zip.getInputStream(entry)) {
                XMLStreamReader xml = factory().createXMLStreamReader(in);
                while (xml.hasNext()) {
                    if (xml.next() != XMLStreamReader.START_ELEMENT) {
                        continue;
                    }
                    String name = xml.getLocalName();
                    if (name.equals("col")) {
                        col(xml, widths);
                    } else if (name.equals("mergeCell")) {
                        merge(xml.getAttributeValue(null, "ref"), headerRow).ifPresent(merges::add);
                    } else if (name.equals("sheetData")) {
                        skip(xml); // the cells are read by the row source
                    }
                }
            }
            return new XlsxLayout(widths, merges);
        } catch (IOException | XMLStreamException | RuntimeException e) {
            return NONE;
        }
    }

    private static void col(XMLStreamReader xml, Map<Integer, Double> widths) {
        String width = xml.getAttributeValue(null, "width");
        String min = xml.getAttributeValue(null, "min");
        String max = xml.getAttributeValue(null, "max");
        if (width == null || min == null || max == null) {
            return;
        }
        double w = Math.min(MAX_WIDTH, Double.parseDouble(width));
        int from = Integer.parseInt(min);
        int to = Math.min(Integer.parseInt(max), from + 300); // a <col> for the whole sheet sets no form's width
        for (int c = from; c <= to; c++) {
            widths.put(c - 1, w);
        }
    }

    private static java.util.Optional<FormFile.Merge> merge(String ref, int headerRow) {
        if (ref == null || !ref.contains(":")) {
            return java.util.Optional.empty();
        }
        String[] ends = ref.split(":");
        Matcher a = CELL.matcher(ends[0]);
        Matcher b = CELL.matcher(ends[1]);
        if (!a.matches() || !b.matches()) {
            return java.util.Optional.empty();
        }
        int lastRow = Integer.parseInt(b.group(2));
        if (lastRow >= headerRow) {
            return java.util.Optional.empty(); // only what lies above the header is repeated
        }
        return java.util.Optional.of(new FormFile.Merge(
                Integer.parseInt(a.group(2)) - 1, column(a.group(1)), lastRow - 1, column(b.group(1))));
    }

    private static int column(String letters) {
        int c = 0;
        for (char ch : letters.toCharArray()) {
            c = c * 26 + (ch - 'A' + 1);
        }
        return c - 1;
    }

    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamReader.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** The worksheet part of the sheet named: its relationship in the workbook, then that relationship's target. */
    private static String sheetPart(ZipFile zip, String sheetName) throws IOException, XMLStreamException {
        String relationship = null;
        ZipEntry workbook = zip.getEntry("xl/workbook.xml");
        if (workbook == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(workbook)) {
            XMLStreamReader xml = factory().createXMLStreamReader(in);
            while (xml.hasNext() && relationship == null) {
                if (xml.next() == XMLStreamReader.START_ELEMENT
                        && xml.getLocalName().equals("sheet")
                        && (sheetName == null || sheetName.equals(xml.getAttributeValue(null, "name")))) {
                    relationship = xml.getAttributeValue(RELATIONSHIPS, "id");
                }
            }
        }
        ZipEntry rels = zip.getEntry("xl/_rels/workbook.xml.rels");
        if (relationship == null || rels == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(rels)) {
            XMLStreamReader xml = factory().createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamReader.START_ELEMENT
                        && xml.getLocalName().equals("Relationship")
                        && relationship.equals(xml.getAttributeValue(null, "Id"))) {
                    String target = xml.getAttributeValue(null, "Target");
                    return target.startsWith("/") ? target.substring(1) : "xl/" + target;
                }
            }
        }
        return null;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }
}
