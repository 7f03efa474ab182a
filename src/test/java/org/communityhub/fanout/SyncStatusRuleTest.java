package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Where a platform stands with a resident, decided from what it holds and what is on its way. */
class SyncStatusRuleTest {

    private static final Instant MORNING = Instant.parse("2026-12-01T01:00:00Z");
    private static final Instant NOON = Instant.parse("2026-12-01T04:00:00Z");

    @Test
    void aFirstDeliveryRefusedIsARefusalWithoutAnAcceptance() {
        var refused = state(null, null, 1, MORNING);
        assertThat(SyncService.status(true, true, 1, refused, null)).isEqualTo("REJECTED");
    }

    @Test
    void aRefusalAfterAnAcceptanceOfTheSameVersionIsARefusalNotSynced() {
        // A resync refused at the version the platform accepted in the morning.
        var refusedLater = state(1, MORNING, 1, NOON);
        assertThat(SyncService.status(true, true, 1, refusedLater, null)).isEqualTo("REJECTED");
    }

    @Test
    void aRefusalOfALaterVersionIsARefusal() {
        var refusedLater = state(1, MORNING, 2, NOON);
        assertThat(SyncService.status(true, true, 2, refusedLater, null)).isEqualTo("REJECTED");
    }

    @Test
    void anAcceptanceAfterTheRefusalEndsIt() {
        var acceptedLater = state(2, NOON, 2, MORNING);
        assertThat(SyncService.status(true, true, 2, acceptedLater, null)).isEqualTo("SYNCED");
        // Accepted an older version after refusing a newer one: the newer one is still to go.
        var olderAccepted = state(1, NOON, 2, MORNING);
        assertThat(SyncService.status(true, true, 2, olderAccepted, null)).isEqualTo("PENDING");
    }

    @Test
    void workOnItsWayComesBeforeWhatThePlatformHolds() {
        var refused = state(null, null, 1, MORNING);
        assertThat(SyncService.status(true, true, 2, refused, delivery("PENDING")))
                .isEqualTo("PENDING");
        assertThat(SyncService.status(true, true, 2, refused, delivery("SENDING")))
                .isEqualTo("PENDING");
        assertThat(SyncService.status(true, true, 2, refused, delivery("FAILED")))
                .isEqualTo("FAILED");
        assertThat(SyncService.status(true, true, 2, refused, delivery("DEAD"))).isEqualTo("DEAD");
    }

    @Test
    void aPlatformNotConfiguredSaysSoWhateverItHolds() {
        assertThat(SyncService.status(false, true, 1, state(1, MORNING, null, null), null))
                .isEqualTo("NOT_CONFIGURED");
    }

    @Test
    void aPlatformThatNeitherConcernsNorHoldsTheResidentHasNothingToTell() {
        assertThat(SyncService.status(true, false, 1, null, null)).isNull();
        assertThat(SyncService.status(true, true, 1, null, null)).isEqualTo("PENDING");
        var heldButNoLongerConcerned = new DeliveryQueries.PlatformState(true, 1, MORNING, null, null, null, null);
        assertThat(SyncService.status(true, false, 2, heldButNoLongerConcerned, null))
                .isEqualTo("PENDING");
    }

    @Test
    void workQueuedForAResidentThePlatformDoesNotConcernIsNothingToWaitFor() {
        // A full resend queues everyone; for a child the veterans' platform neither takes nor holds,
        // that delivery comes to nothing, so the child is not 待同步 there, configured or not.
        assertThat(SyncService.status(true, false, 1, null, delivery("PENDING")))
                .isNull();
        assertThat(SyncService.status(false, false, 1, null, delivery("PENDING")))
                .isNull();
        var removedEarlier = new DeliveryQueries.PlatformState(false, 1, MORNING, null, null, null, null);
        assertThat(SyncService.status(true, false, 2, removedEarlier, delivery("PENDING")))
                .isNull();
        // The platform took the removal of the current version: it knows they left.
        assertThat(SyncService.status(true, false, 1, removedEarlier, null)).isEqualTo("SYNCED");
        // A refusal still open is told, whether or not the platform concerns them now.
        assertThat(SyncService.status(true, false, 2, state(null, null, 1, MORNING), null))
                .isEqualTo("REJECTED");
    }

    private static DeliveryQueries.PlatformState state(
            Integer acceptedVersion, Instant acceptedAt, Integer rejectedVersion, Instant rejectedAt) {
        return new DeliveryQueries.PlatformState(
                acceptedVersion != null,
                acceptedVersion,
                acceptedAt,
                rejectedVersion,
                rejectedAt,
                rejectedVersion == null ? null : "平台拒收：地址不规范",
                null);
    }

    private static DeliveryItem delivery(String status) {
        return new DeliveryItem(7L, UUID.randomUUID(), status, 1, 2, NOON, null, MORNING);
    }
}
