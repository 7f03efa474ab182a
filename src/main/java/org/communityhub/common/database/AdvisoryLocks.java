package org.communityhub.common.database;

import jakarta.persistence.EntityManager;

/**
 * Transaction-scoped PostgreSQL advisory locks: how hub replicas take turns at work that must run
 * once (loading reference data, creating the first admin, running a schedule). Keys are listed here
 * so two features never share one by accident.
 */
public final class AdvisoryLocks {

    public static final long REFERENCE_DATA = 0x4855_4201L;
    public static final long BOOTSTRAP_USERS = 0x4855_4202L;
    public static final long DEMO_DATA = 0x4855_4203L;
    public static final long DISPATCH = 0x4855_4204L;

    private AdvisoryLocks() {}

    /** Waits for the lock; it is released when the current transaction ends. */
    public static void lockForTransaction(EntityManager em, long key) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)")
                .setParameter(1, key)
                .getSingleResult();
    }
}
