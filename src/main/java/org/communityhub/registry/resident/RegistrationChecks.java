package org.communityhub.registry.resident;

import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;

/**
 * What is checked after a resident is registered, for warnings the registration is answered with.
 * Implemented by duplicate detection (matching), which depends on the registry, not the reverse.
 */
public interface RegistrationChecks {

    /** Warnings about the resident just registered; empty when there is nothing to say. */
    List<RegistrationWarning> afterRegistration(Actor actor, UUID residentId);
}
