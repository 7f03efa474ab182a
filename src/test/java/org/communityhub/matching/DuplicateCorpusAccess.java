package org.communityhub.matching;

import java.util.ArrayList;
import java.util.List;

/** {@link DuplicateCorpus} as rows, for the benchmark in another package. */
public final class DuplicateCorpusAccess {

    private final DuplicateCorpus corpus;

    /** A corpus of {@code base} people and about {@code secondRecords} second records (2/3 duplicates, 1/3 look-alikes). */
    public DuplicateCorpusAccess(long seed, int base, int secondRecords) {
        int lookAlikes = secondRecords / 3;
        corpus = new DuplicateCorpus(seed, base, secondRecords - lookAlikes, lookAlikes);
    }

    /** Every record: {name, idNumber as typed or null, sex, birth date, building, unit, room, phone or null}. */
    public List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        corpus.base.forEach(p -> rows.add(row(p)));
        corpus.arrivals.forEach(a -> rows.add(row(a.second())));
        return rows;
    }

    private static String[] row(DuplicateCorpus.Person p) {
        return new String[] {
            p.name(), p.idNumber(), p.sex(), p.birthDate().toString(), p.building(), p.unit(), p.room(), p.phone()
        };
    }
}
