package org.communityhub.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.communityhub.reference.identity.IdNumberRelation;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.resident.MatchFacts;

/**
 * Whether two residents are probably one person, with a score and the reasons.
 *
 * <p>A probable pair needs a name that is the same, or written or sounding the same (equal {@link
 * PersonName#soundKey}), <em>and</em> a birth date or ID number equal or one typo away. Two known
 * ID numbers that are neither equal nor one typo apart mean two people (twins, a father and son of
 * one name), however alike the rest; so does a different sex, unless a near ID number explains it.
 * Address and phone only add weight: families share both. Because every probable pair shares a
 * name key, blocking a scan by name key loses none of them.
 */
final class PairScorer {

    /** Points of evidence a pair needs, of about 100 for a certain one. */
    static final int THRESHOLD = 55;

    /** A probable pair: score 0–1 and reasons, strongest first. */
    record Match(double score, List<MatchReason> reasons) {}

    private PairScorer() {}

    static Optional<Match> compare(MatchFacts a, MatchFacts b) {
        if (a.nameKey() == null || !a.nameKey().equals(b.nameKey())) {
            return Optional.empty();
        }
        BirthDateRelation birth = BirthDateRelation.of(a.birthDate(), b.birthDate());
        IdNumberRelation id = IdNumberRelation.of(a.idNumber(), b.idNumber());
        if (id == IdNumberRelation.DIFFERENT || !(birth.isNear() || id.isNear())) {
            return Optional.empty();
        }
        boolean sexDiffers = a.sex() != null && b.sex() != null && !a.sex().equals(b.sex());
        if (sexDiffers && !id.isNear()) {
            return Optional.empty();
        }
        List<MatchReason> reasons = new ArrayList<>();
        int points = 0;
        if (a.name().equals(b.name())) {
            points += 40;
            reasons.add(MatchReason.NAME_SAME);
        } else if (PersonName.comparable(a.name()).equals(PersonName.comparable(b.name()))) {
            points += 40;
            reasons.add(MatchReason.NAME_VARIANT);
        } else {
            points += 30;
            reasons.add(MatchReason.NAME_HOMOPHONE);
        }
        switch (id) {
            case EQUAL -> {
                points += 45;
                reasons.add(MatchReason.ID_NUMBER_SAME);
            }
            case LEGACY_TWIN -> {
                points += 45;
                reasons.add(MatchReason.ID_NUMBER_LEGACY_TWIN);
            }
            case ONE_DIGIT_SUBSTITUTED -> {
                points += 35;
                reasons.add(MatchReason.ID_NUMBER_ONE_DIGIT);
            }
            case ADJACENT_DIGITS_TRANSPOSED -> {
                points += 35;
                reasons.add(MatchReason.ID_NUMBER_TRANSPOSED);
            }
            default -> {}
        }
        switch (birth) {
            case EQUAL -> {
                points += 25;
                reasons.add(MatchReason.BIRTH_DATE_SAME);
            }
            case ONE_DIGIT -> {
                points += 12;
                reasons.add(MatchReason.BIRTH_DATE_ONE_DIGIT);
            }
            case TRANSPOSED -> {
                points += 12;
                reasons.add(MatchReason.BIRTH_DATE_TRANSPOSED);
            }
            case DAY_MONTH_SWAPPED -> {
                points += 12;
                reasons.add(MatchReason.BIRTH_DATE_DAY_MONTH_SWAPPED);
            }
            default -> {}
        }
        if (a.address().equals(b.address()) && a.address().room() != null) {
            points += 10;
            reasons.add(MatchReason.SAME_ADDRESS);
        }
        if (a.phoneIndex() != null && Arrays.equals(a.phoneIndex(), b.phoneIndex())) {
            points += 10;
            reasons.add(MatchReason.SAME_PHONE);
        }
        if (id == IdNumberRelation.UNKNOWN) {
            reasons.add(MatchReason.ID_NUMBER_MISSING);
        }
        if (sexDiffers) {
            points -= 10;
            reasons.add(MatchReason.SEX_DIFFERS);
        }
        if (points < THRESHOLD) {
            return Optional.empty();
        }
        return Optional.of(new Match(Math.min(100, points) / 100.0, List.copyOf(reasons)));
    }
}
