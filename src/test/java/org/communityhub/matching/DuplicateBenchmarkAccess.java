package org.communityhub.matching;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.communityhub.access.Actor;

/** The duplicate detection's package-private entry points, for the benchmark in another package. */
@ApplicationScoped
public class DuplicateBenchmarkAccess {

    private final DuplicateService duplicates;
    private final DuplicateScans scans;

    DuplicateBenchmarkAccess(DuplicateService duplicates, DuplicateScans scans) {
        this.duplicates = duplicates;
        this.scans = scans;
    }

    /** The entry look-up of a registered resident, as a registration runs it; how many candidates. */
    public int entryCandidates(Actor actor, UUID residentId) {
        return duplicates.candidates(actor, residentId).size();
    }

    public UUID startScan(Actor actor, String scope) {
        return scans.start(actor, new DuplicateScanRequest(scope)).id();
    }

    public DuplicateScanView scan(Actor actor, UUID id) {
        return scans.find(actor, id).orElseThrow();
    }
}
