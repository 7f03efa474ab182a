package org.communityhub.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.TestSql.connect;
import static org.communityhub.testing.TestSql.count;
import static org.communityhub.testing.TestSql.execute;
import static org.communityhub.testing.TestSql.text;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import org.communityhub.access.Roles;
import org.communityhub.common.database.AdvisoryLocks;
import org.communityhub.common.metrics.MetricsRefresher;
import org.communityhub.common.metrics.Scrape;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit chains' verification is kept in the database and shown as metrics, each chain on its
 * own; the schedule runs it on one replica at a time, only when the latest result is old.
 */
@HubTest
class ChainVerificationsTest {

    @Inject
    ChainVerifications verifications;

    @Inject
    MetricsRefresher refresher;

    private String auditor;

    @BeforeEach
    void someAccessLog() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        auditor = Users.create(Roles.AUDITOR, "*");
        String id = aResident().in(community).registerAs(worker);
        Users.as(worker).when().get("/api/v1/residents/" + id).then().statusCode(200);
    }

    @Test
    void eachChainsLatestResultIsAMetricAndABrokenRowTurnsItsChainToZero() throws Exception {
        ChainVerifier.Report intact = verifications.verifyAndRecord(ChainVerifications.RequestedBy.AUDITOR);
        assertThat(intact.intact()).isTrue();
        Scrape scrape = Scrape.now();
        for (ChainVerifier.Head head : intact.chains()) {
            assertThat(scrape.value("hub_audit_chain_intact", "chain", head.chain()))
                    .isEqualTo(1.0);
            assertThat(scrape.value("hub_audit_chain_rows_verified", "chain", head.chain()))
                    .isEqualTo((double) head.rows());
            assertThat(scrape.value("hub_audit_chain_last_verified_timestamp_seconds", "chain", head.chain()))
                    .isCloseTo(Instant.now().getEpochSecond(), within(120.0));
        }

        long id = count("select max(id) from access_log where action = 'VIEW'");
        String original = text("select username from access_log where id = " + id);
        execute("update access_log set username = 'someone.else' where id = " + id);
        try {
            ChainVerifier.Report broken = verifications.verifyAndRecord(ChainVerifications.RequestedBy.AUDITOR);
            assertThat(broken.intact()).isFalse();
            assertThat(broken.brokenAt().id()).isEqualTo(id);
            Scrape afterEdit = Scrape.now();
            assertThat(afterEdit.value("hub_audit_chain_intact", "chain", "access"))
                    .isEqualTo(0.0);
            // The other chain was checked as well, and is still intact.
            assertThat(afterEdit.value("hub_audit_chain_intact", "chain", "sharing"))
                    .isEqualTo(1.0);
            assertThat(text("select broken_table || ':' || broken_id from audit_chain_verification"
                            + " where chain = 'access' order by id desc limit 1"))
                    .isEqualTo("access_log:" + id);
        } finally {
            execute("update access_log set username = '" + original + "' where id = " + id);
        }
        verifications.verifyAndRecord(ChainVerifications.RequestedBy.AUDITOR);
        assertThat(Scrape.now().value("hub_audit_chain_intact", "chain", "access"))
                .isEqualTo(1.0);
    }

    @Test
    void anAuditorsVerificationIsRecordedAndEveryReplicaReadsTheLatest() throws Exception {
        long before = count("select count(*) from audit_chain_verification where requested_by = 'AUDITOR'");
        Users.as(auditor).when().post("/api/v1/audit/verify").then().statusCode(200);
        assertThat(count("select count(*) from audit_chain_verification where requested_by = 'AUDITOR'"))
                .isEqualTo(before + 2);

        // A result written by another replica: this one's gauge shows it after its next read.
        execute("insert into audit_chain_verification (chain, verified_at, intact, rows_verified, duration_ms,"
                + " requested_by) values ('sharing', now() + interval '1 minute', true, 424242, 5, 'SCHEDULE')");
        try {
            refresher.refreshNow();
            assertThat(Scrape.now().value("hub_audit_chain_rows_verified", "chain", "sharing"))
                    .isEqualTo(424242.0);
        } finally {
            execute("delete from audit_chain_verification where rows_verified = 424242");
            refresher.refreshNow();
        }
    }

    @Test
    void theScheduleVerifiesOnlyWhenTheLatestResultIsOldAndNoOtherReplicaIsAtIt() throws Exception {
        verifications.verifyAndRecord(ChainVerifications.RequestedBy.AUDITOR);
        assertThat(verifications.runIfDue()).isEqualTo(ChainVerifications.Outcome.NOT_DUE);

        // Make every result older than the interval (an hour): the next look verifies.
        execute("update audit_chain_verification set verified_at = verified_at - interval '2 hours'");
        try (Connection other = connect()) {
            assertThat(AdvisoryLocks.tryLockForSession(other, AdvisoryLocks.AUDIT_CHAIN_VERIFICATION))
                    .isTrue();
            assertThat(verifications.runIfDue()).isEqualTo(ChainVerifications.Outcome.RUNNING_ELSEWHERE);
        }
        long scheduled = count("select count(*) from audit_chain_verification where requested_by = 'SCHEDULE'");
        assertThat(verifications.runIfDue()).isEqualTo(ChainVerifications.Outcome.VERIFIED);
        assertThat(count("select count(*) from audit_chain_verification where requested_by = 'SCHEDULE'"))
                .isEqualTo(scheduled + 2);
        assertThat(verifications.runIfDue()).isEqualTo(ChainVerifications.Outcome.NOT_DUE);
    }
}
