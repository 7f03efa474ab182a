package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.communityhub.testing.Json;

/** Imports for tests outside this package: a ledger uploaded, checked and its valid rows committed. */
public final class LedgerImports {

    private LedgerImports() {}

    /** Uploads {@code rows} (header first) as CSV, checks them and commits the valid rows; the import after the commit. */
    public static Json importWhole(String user, List<List<String>> rows) {
        String id = ImportResourceTest.upload(user, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = ImportResourceTest.awaitSettled(user, id);
        assertThat(checked.getString("state")).isEqualTo("READY");
        return ImportResourceTest.committed(user, id, "valid-rows");
    }
}
