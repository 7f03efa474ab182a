package org.communityhub.registry.resident;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.communityhub.access.Actor;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.place.Address;
import org.jboss.logging.Logger;

/**
 * The registry's side of duplicate detection: the facts a comparison needs, read through indexes
 * (never a scan of the register for one resident), and the name keys of rows written before the
 * key existed. Reads no more than it returns; the caller logs what it shows.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ResidentMatchService {

    private static final Logger LOG = Logger.getLogger(ResidentMatchService.class);
    private static final int BACKFILL_BATCH = 1000;

    private final ResidentMatchRepository rows;
    private final PiiCipher pii;

    ResidentMatchService(ResidentMatchRepository rows, PiiCipher pii) {
        this.rows = rows;
        this.pii = pii;
    }

    /** A resident of the actor's area as comparisons see them. */
    public Optional<MatchFacts> facts(Actor actor, UUID id) {
        ResidentMatchRepository.Row row = rows.one(id);
        if (row == null || !actor.covers(row.communityCode())) {
            return Optional.empty();
        }
        return Optional.of(facts(row));
    }

    /**
     * Residents on the register in the actor's area whose name sounds like {@code nameKey} and
     * who were born on one of {@code birthDates} or hold one of {@code idNumbers} (canonical
     * 18-character numbers, looked up by blind index under every key of the ring).
     */
    public List<MatchFacts> candidates(
            Actor actor, String nameKey, List<LocalDate> birthDates, List<String> idNumbers, UUID self) {
        if (nameKey == null || nameKey.isEmpty()) {
            return List.of();
        }
        List<byte[]> indexes = new ArrayList<>(idNumbers.size() * 2);
        for (String number : idNumbers) {
            indexes.addAll(pii.blindIndexes(PiiField.ID_NUMBER, number));
        }
        return rows.candidates(actor.scope(), nameKey, birthDates, indexes, self).stream()
                .map(this::facts)
                .toList();
    }

    /**
     * For people not registered yet, each given by a name key and a birth date at the same position:
     * the residents on the register in the actor's area with that name key and that birth date (at
     * most {@code perPerson} each), at the same position of the answer. One query for all of them.
     */
    public List<List<MatchFacts>> sameNameKeyAndBirthDate(
            Actor actor, List<String> nameKeys, List<LocalDate> birthDates, int perPerson) {
        List<List<MatchFacts>> found = new ArrayList<>(nameKeys.size());
        for (int i = 0; i < nameKeys.size(); i++) {
            found.add(new ArrayList<>(0));
        }
        for (ResidentMatchRepository.Probed p :
                rows.sameNameKeyAndBirthDate(actor.scope(), nameKeys, birthDates, perPerson)) {
            found.get(p.probe()).add(facts(p.row()));
        }
        return found;
    }

    /**
     * Every resident on the register within {@code divisionCode}, grouped by name key, one group at
     * a time in key order: the blocks of a duplicate scan. Holds one transaction for the whole
     * read, so the rows stream through a cursor instead of filling the memory.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @TransactionConfiguration(timeout = 3600) // a district's million residents take minutes, not the default 60 s
    public void forEachNameKeyBlock(String divisionCode, Consumer<List<MatchFacts>> block) {
        List<MatchFacts> current = new ArrayList<>();
        String[] key = {null};
        rows.inNameKeyOrder(divisionCode, row -> {
            if (key[0] != null && !key[0].equals(row.nameKey())) {
                block.accept(List.copyOf(current));
                current.clear();
            }
            key[0] = row.nameKey();
            current.add(facts(row));
        });
        if (!current.isEmpty()) {
            block.accept(List.copyOf(current));
        }
    }

    /** Fills the name key of rows written before it existed, in batches, at start-up. */
    void fillMissingNameKeys(@Observes StartupEvent start) {
        int filled = 0;
        while (true) {
            int n = fillBatch();
            filled += n;
            if (n < BACKFILL_BATCH) {
                break;
            }
        }
        if (filled > 0) {
            LOG.infof("Filled the name key of %d residents", filled);
        }
    }

    /** One batch of {@link #fillMissingNameKeys}; returns how many rows it filled. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int fillBatch() {
        List<ResidentMatchRepository.Row> batch = rows.withoutNameKey(BACKFILL_BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        rows.setNameKeys(
                batch.stream().map(ResidentMatchRepository.Row::id).toList(),
                batch.stream().map(r -> PersonName.soundKey(r.name())).toList());
        return batch.size();
    }

    private MatchFacts facts(ResidentMatchRepository.Row row) {
        return new MatchFacts(
                row.id(),
                row.name(),
                row.nameKey(),
                row.birthDate(),
                row.sex(),
                pii.decrypt(PiiField.ID_NUMBER, row.idNumberCipher()),
                row.phoneIndex(),
                new Address(row.communityCode(), row.building(), row.unit(), row.room()));
    }
}
