package org.communityhub.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.resident.ResidentQueries;

/**
 * A person's disclosures (which platforms received their data), for the API and the audit page
 * alike: only of a resident within the reader's area, and the read is logged.
 */
@ApplicationScoped
public class ResidentDisclosures {

    private final ResidentQueries residents;
    private final AuditQueries ledger;
    private final AccessLog accessLog;

    ResidentDisclosures(ResidentQueries residents, AuditQueries ledger, AccessLog accessLog) {
        this.residents = residents;
        this.ledger = ledger;
        this.accessLog = accessLog;
    }

    /** The resident's disclosures, newest first; 404 unless the resident is within the actor's area. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Disclosure> of(Actor actor, UUID residentId, PageRequest page) {
        residents.requireInScope(actor, residentId);
        accessLog.read(
                actor,
                AccessLog.Action.DISCLOSURES,
                "GET /api/v1/residents/{id}/disclosures",
                List.of(residentId),
                List.of("disclosures"));
        return ledger.disclosures(actor, residentId, page);
    }
}
