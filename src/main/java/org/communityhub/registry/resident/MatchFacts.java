package org.communityhub.registry.resident;

import java.time.LocalDate;
import java.util.UUID;
import org.communityhub.registry.place.Address;

/**
 * What duplicate detection compares of a resident. The ID number is in clear for comparison
 * inside the hub only: it is never shown, logged or stored from here.
 *
 * @param idNumber the canonical 18-character number, or null
 * @param phoneIndex the phone's blind index under the current key, or null
 */
public record MatchFacts(
        UUID id,
        String name,
        String nameKey,
        LocalDate birthDate,
        String sex,
        String idNumber,
        byte[] phoneIndex,
        Address address) {

    @Override
    public String toString() {
        return "MatchFacts[" + id + "]"; // never the name or the number, e.g. in a log line
    }
}
