package org.communityhub.desk;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.matching.DuplicateDecision;
import org.communityhub.matching.DuplicateService;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.InvalidIdNumberException;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.place.Address;
import org.communityhub.registry.resident.IdNumberHolders;
import org.communityhub.registry.resident.MatchFacts;
import org.communityhub.registry.resident.RegistrationWarning;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentView;
import org.jboss.logging.Logger;

/**
 * What the resident form checks while it is filled in, before anything is saved: whether somebody
 * holds the ID number typed (named when in the worker's area; outside it only "registered
 * elsewhere, ask the street", through the registry's rationed and logged look-up), and which
 * residents of the worker's area the person probably is already. After the save, the worker's
 * "不是同一人" answers are recorded as the API records them: a decision on the pair.
 */
@ApplicationScoped
public class ResidentFormChecks {

    private static final Logger LOG = Logger.getLogger(ResidentFormChecks.class);

    /** How the form's look-ups are named in the access log. */
    static final String ID_CHECK = "GET /residents/id-check";

    static final String DUPLICATE_CHECK = "GET /residents/duplicate-check";

    /** Said of an ID number held outside the worker's area: nobody named, whom to ask. */
    static final String ELSEWHERE = "该身份证号已在本区其他社区登记，请联系街道核实。";

    /**
     * Who else holds a typed ID number: in the worker's area, named; otherwise only {@code said}:
     * registered elsewhere, or the refusal of a look-up beyond the day's allowance.
     */
    public record Holder(UUID id, String name, LocalDate birthDate, String address, String said) {}

    /** A resident the person being entered probably is, as the form shows them. */
    public record Probable(UUID id, String name, LocalDate birthDate, String address, boolean dismissed) {}

    /**
     * The form's warning of probable duplicates: those not dismissed are asked about, those
     * dismissed ride along as the form's {@code notSame} values.
     *
     * @param oob whether the panel comes out of band (with an ID number's check)
     */
    public record Panel(List<Probable> matches, boolean oob) {

        public List<Probable> open() {
            return matches.stream().filter(m -> !m.dismissed()).toList();
        }

        public List<Probable> dismissed() {
            return matches.stream().filter(Probable::dismissed).toList();
        }
    }

    private final ResidentQueries residents;
    private final IdNumberHolders holders;
    private final DuplicateService duplicates;
    private final Clock clock;

    ResidentFormChecks(ResidentQueries residents, IdNumberHolders holders, DuplicateService duplicates, Clock clock) {
        this.residents = residents;
        this.holders = holders;
        this.duplicates = duplicates;
        this.clock = clock;
    }

    /**
     * Who else holds this ID number, if anyone. Outside the worker's area the answer names nobody;
     * once the worker's look-ups for the day are used up, the answer is the refusal, found or not.
     */
    public Optional<Holder> holder(Actor actor, IdNumber idNumber, UUID self) {
        Optional<IdNumberHolders.IdNumberHolder> found;
        try {
            found = holders.otherHolderOf(actor, idNumber, self, ID_CHECK);
        } catch (ProblemException e) {
            if (e.status() == 429) {
                return Optional.of(new Holder(null, null, null, null, e.getMessage()));
            }
            throw e;
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!found.get().inScope()) {
            return Optional.of(new Holder(null, null, null, null, ELSEWHERE));
        }
        ResidentView r = residents.get(actor, found.get().id(), Reveal.NONE);
        return Optional.of(
                new Holder(r.id(), r.name(), r.birthDate(), Address.shown(r.building(), r.unit(), r.room()), null));
    }

    /**
     * The residents of the worker's area the person being registered on the form probably is,
     * found by name and birth date or ID number; empty until the name and one of those are typed.
     *
     * @param exclude a resident already named otherwise (the holder of the same ID number), or null
     */
    public Panel probable(
            Actor actor,
            String name,
            String birthDate,
            String idNumber,
            String sex,
            List<String> notSame,
            UUID exclude,
            boolean oob) {
        String normalised = PersonName.normalise(name);
        String nameKey = normalised.isEmpty() ? null : PersonName.soundKey(normalised);
        IdNumber id = parseId(idNumber);
        LocalDate birth = id != null && id.birthDate() != null ? id.birthDate() : parseDate(birthDate);
        if (nameKey == null || nameKey.isEmpty() || (birth == null && id == null)) {
            return new Panel(List.of(), oob);
        }
        MatchFacts person = new MatchFacts(
                null,
                normalised,
                nameKey,
                birth,
                id != null && id.sex() != null ? id.sex() : blankToNull(sex),
                id == null ? null : id.value(),
                null,
                new Address(null, null, null, null));
        Set<String> dismissed = new LinkedHashSet<>(notSame);
        List<Probable> out = new ArrayList<>();
        for (DuplicateService.ProbableMatch m : duplicates.probableFor(actor, person, DUPLICATE_CHECK)) {
            var r = m.resident();
            if (r.id().equals(exclude)) {
                continue;
            }
            out.add(new Probable(
                    r.id(),
                    r.name(),
                    r.birthDate(),
                    Address.shown(r.building(), r.unit(), r.room()),
                    dismissed.contains(r.id().toString())));
        }
        return new Panel(out, oob);
    }

    /**
     * Records "不是同一人" for each probable duplicate the registration was warned of that the
     * worker dismissed on the form, exactly as {@code POST /api/v1/duplicates/{id}/decision} does;
     * answers the warnings' candidates that remain undecided.
     */
    public List<UUID> recordNotSame(Actor actor, List<RegistrationWarning> warnings, List<String> notSame) {
        Set<UUID> dismissed = new LinkedHashSet<>();
        notSame.forEach(s -> Ids.parse(s).ifPresent(dismissed::add));
        List<UUID> open = new ArrayList<>();
        for (RegistrationWarning w : warnings) {
            for (RegistrationWarning.Candidate c : w.candidates()) {
                if (dismissed.contains(c.id()) && c.pairId() != null) {
                    try {
                        duplicates.decide(actor, c.pairId(), new DuplicateDecision("DIFFERENT_PEOPLE"));
                        continue;
                    } catch (ProblemException e) {
                        // Decided meanwhile by someone else: the pair is no longer open either way.
                        LOG.infof("Pair %s not decided from the form: %s", c.pairId(), e.code());
                        continue;
                    }
                }
                open.add(c.id());
            }
        }
        return open;
    }

    private IdNumber parseId(String raw) {
        if (raw == null || raw.isBlank() || raw.contains("*")) {
            return null;
        }
        try {
            return IdNumber.parse(raw.strip(), LocalDate.now(clock));
        } catch (InvalidIdNumberException e) {
            return null;
        }
    }

    private static LocalDate parseDate(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
