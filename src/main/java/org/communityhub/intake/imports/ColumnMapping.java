package org.communityhub.intake.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.communityhub.reference.code.Vocabulary;

/**
 * Which field each column of a sheet fills: the header row's texts and, per column, a field or null
 * (the column is not imported). A field is filled by one column at most.
 */
record ColumnMapping(List<String> headers, List<ImportField> fields) {

    ColumnMapping {
        headers = Collections.unmodifiableList(new ArrayList<>(headers));
        fields = Collections.unmodifiableList(new ArrayList<>(fields));
    }

    /** The mapping the synonyms table gives: the first column named for a field fills it. */
    static ColumnMapping bySynonyms(List<String> headers, Vocabulary.Snapshot vocabulary) {
        List<ImportField> fields = new ArrayList<>();
        for (String h : headers) {
            ImportField f = vocabulary.fieldFor(h).flatMap(ImportField::of).orElse(null);
            fields.add(f != null && fields.contains(f) ? null : f);
        }
        return new ColumnMapping(headers, fields);
    }

    /** The column that fills a field, or -1. */
    int columnOf(ImportField field) {
        return fields.indexOf(field);
    }

    boolean has(ImportField field) {
        return fields.contains(field);
    }

    String header(int column) {
        return column >= 0 && column < headers.size() ? headers.get(column) : null;
    }

    /** How many columns the synonyms recognised: the header row is the one with the most. */
    long recognised() {
        return fields.stream().filter(f -> f != null).count();
    }

    private static final Pattern DECORATION = Pattern.compile("[\\s*＊:：]|[(（]必填[)）]|[(（]选填[)）]");

    /** A header as the remembered mappings have always keyed it: full-width folded, spaces, asterisks, "(必填)" removed. */
    private static String normalise(String header) {
        String s = Normalizer.normalize(header == null ? "" : header, Normalizer.Form.NFKC);
        return DECORATION.matcher(s).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** Identifies the set of headers (in order), to remember a corrected mapping for the next file. */
    String headerKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String h : headers) {
                sha.update(normalise(h).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1F);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
