package org.communityhub.intake.collect;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.intake.imports.ImportService;
import org.communityhub.reference.code.ResidentField;
import org.communityhub.reference.code.ResidentFields;
import org.communityhub.reference.code.Vocabulary;
import org.jboss.logging.Logger;

/**
 * A community's returned form, and what the registry should hear of it: the answers are kept by
 * {@link CollectionReturns}; the prefilled values the community changed and the rows it added go to
 * an import of their own, as a ledger the hub writes, so that they pass the import's checks (ID
 * numbers, codes, duplicates, a person registered already) and the worker commits them on the
 * import's page, the changes applied to the registered residents. Nothing reaches the registry
 * before that commit. The import is started after the return is kept, outside its transaction, so
 * its check in the background sees it.
 */
@ApplicationScoped
public class ReturnedForms {

    private static final Logger LOG = Logger.getLogger(ReturnedForms.class);

    private final CollectionReturns returns;
    private final CollectionService collections;
    private final ImportService imports;
    private final Vocabulary vocabulary;

    ReturnedForms(
            CollectionReturns returns, CollectionService collections, ImportService imports, Vocabulary vocabulary) {
        this.returns = returns;
        this.collections = collections;
        this.imports = imports;
        this.vocabulary = vocabulary;
    }

    /** Reads a returned form (see {@link CollectionReturns#receive}) and starts the import of its changes. */
    public ReturnView receive(Actor actor, UUID id, String community, String fileName, Path file) {
        CollectionReturns.Received received = returns.receive(actor, id, community, fileName, file);
        if (received.toCheck().isEmpty()) {
            return received.view();
        }
        String title = collections.require(actor, id).title();
        Path ledger = ledger(received.toCheck());
        try {
            UUID importId = imports.upload(actor, "《" + title + "》交回的修改和新增-" + community + ".csv", ledger)
                    .id();
            return received.view().withCheckImport(importId);
        } catch (RuntimeException e) {
            // The answers are kept; the changes are then only listed, to be corrected on the
            // residents' pages, and the return says so (nothing offered). The class, never the
            // message: a message could quote a value of the file.
            LOG.warnf(
                    "The changes of a form returned to collection %s could not become an import: %s",
                    id, e.getClass().getSimpleName());
            return received.view().withoutOffers();
        } finally {
            try {
                Files.deleteIfExists(ledger);
            } catch (IOException e) {
                // The temporary directory is the system's; a file left there is readable by the hub's user only.
            }
        }
    }

    /**
     * The fields a registration needs: always columns of the ledger, empty where the form did not
     * have them, so the worker can fill them in on the import's page (cells are corrected in place
     * only in columns the file has).
     */
    private static final List<String> NEEDED =
            List.of("communityCode", "idNumber", "name", "sex", "birthDate", "residenceType");

    /** The rows as a CSV ledger the import reads: a column per field any row gives, under the vocabulary's header. */
    private Path ledger(List<Map<String, String>> rows) {
        Set<String> fields = new LinkedHashSet<>(NEEDED);
        rows.forEach(r -> fields.addAll(r.keySet()));
        Vocabulary.Snapshot words = vocabulary.current();
        List<String> headers = new ArrayList<>();
        for (String field : fields) {
            headers.add(header(words, ResidentFields.get(field)));
        }
        try {
            Path file = Files.createTempFile(
                    "collection-return-",
                    ".csv",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                write(file, headers, fields, rows);
            } catch (IOException | RuntimeException e) {
                // It holds ID numbers in clear: never left behind.
                Files.deleteIfExists(file);
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, List<String> headers, Set<String> fields, List<Map<String, String>> rows)
            throws IOException {
        // Read by the hub's import only, so written as typed: no apostrophe before a leading + or -,
        // which a spreadsheet would need and the import would read as part of the value.
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(csvLine(headers));
            for (Map<String, String> row : rows) {
                List<String> values = new ArrayList<>();
                fields.forEach(f -> values.add(row.getOrDefault(f, "")));
                out.write(csvLine(values));
            }
        }
    }

    /** One CSV line, every cell quoted. */
    private static String csvLine(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (String cell : cells) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            line.append('"').append(cell.replace("\"", "\"\"")).append('"');
        }
        return line.append("\r\n").toString();
    }

    /** A header the import reads as the field: its label, or else the first synonym the vocabulary has for it. */
    static String header(Vocabulary.Snapshot words, ResidentField field) {
        if (words.fieldFor(field.label()).filter(field::equals).isPresent()) {
            return field.label();
        }
        return words.headerSynonyms().stream()
                .filter(s -> s.field().equals(field.name()))
                .map(Vocabulary.HeaderSynonym::header)
                .filter(h -> words.fieldFor(h).filter(field::equals).isPresent())
                .findFirst()
                .orElse(field.label());
    }
}
