package org.communityhub.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.registry.place.Address;
import org.communityhub.registry.resident.MatchFacts;
import org.junit.jupiter.api.Test;

/** A large block compared through its birth dates finds exactly the pairs comparing every pair finds. */
class ScanBlockingTest {

    @Test
    void aLargeBlockLosesNoProbablePair() {
        Random random = new Random(3);
        List<MatchFacts> block = new ArrayList<>();
        LocalDate start = LocalDate.of(1980, 1, 1);
        for (int i = 0; i < 600; i++) {
            LocalDate birth = start.plusDays(random.nextInt(400));
            String id = null;
            if (random.nextInt(10) < 7) {
                String first17 = "110105"
                        + "%04d%02d%02d".formatted(birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth())
                        + "%03d".formatted(random.nextInt(20));
                id = first17 + IdNumber.checkCharacter(first17);
            }
            String name = random.nextBoolean() ? "张伟" : "章伟";
            block.add(new MatchFacts(
                    UUID.randomUUID(),
                    name,
                    "zhangwei",
                    birth,
                    id == null
                            ? (random.nextBoolean() ? "1" : "2")
                            : IdNumber.parse(id, LocalDate.of(2026, 1, 1)).sex(),
                    id,
                    null,
                    new Address("110105001001", "1号楼", "1", String.valueOf(101 + random.nextInt(3)))));
        }
        Set<Set<UUID>> everyPair = new HashSet<>();
        for (int i = 0; i < block.size(); i++) {
            for (int j = i + 1; j < block.size(); j++) {
                MatchFacts a = block.get(i);
                MatchFacts b = block.get(j);
                PairScorer.compare(a, b).ifPresent(m -> everyPair.add(Set.of(a.id(), b.id())));
            }
        }
        Set<Set<UUID>> blocked = new HashSet<>();
        long compared = DuplicateScans.compareWithin(block, (a, b, m) -> blocked.add(Set.of(a.id(), b.id())));

        assertThat(everyPair).isNotEmpty();
        assertThat(blocked).isEqualTo(everyPair);
        assertThat(compared).isLessThan(block.size() * (block.size() - 1L) / 2 / 3);
    }
}
