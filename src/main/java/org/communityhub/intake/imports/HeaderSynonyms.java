package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.communityhub.common.csv.CsvReader;

/**
 * Header names ledgers use for each field (身份证号 / 身份证号码 / 证件号码 / 公民身份号码 → idNumber …),
 * kept as data in {@code intake/header-synonyms.csv} so a district can add its own without code.
 */
@ApplicationScoped
public class HeaderSynonyms {

    private static final Pattern DECORATION = Pattern.compile("[\\s*＊:：]|[(（]必填[)）]|[(（]选填[)）]");

    private final Map<String, ImportField> byHeader = new HashMap<>();

    public HeaderSynonyms() {
        InputStream in = HeaderSynonyms.class.getResourceAsStream("/intake/header-synonyms.csv");
        if (in == null) {
            throw new IllegalStateException("intake/header-synonyms.csv is missing");
        }
        try (CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            csv.next();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (row.size() < 2 || row.get(0).isBlank()) {
                    continue;
                }
                ImportField field = ImportField.byKey(row.get(1).strip())
                        .orElseThrow(() -> new IllegalStateException(
                                "intake/header-synonyms.csv line " + csv.recordLine() + " names an unknown field"));
                byHeader.put(normalise(row.get(0)), field);
            }
        }
    }

    /** The field a header names, if the table knows it. */
    public Optional<ImportField> fieldFor(String header) {
        return header == null ? Optional.empty() : Optional.ofNullable(byHeader.get(normalise(header)));
    }

    /** A header as compared: full-width forms folded, spaces, asterisks and "(必填)" removed. */
    static String normalise(String header) {
        if (header == null) {
            return "";
        }
        String s = Normalizer.normalize(header, Normalizer.Form.NFKC);
        return DECORATION.matcher(s).replaceAll("").toLowerCase(java.util.Locale.ROOT);
    }
}
