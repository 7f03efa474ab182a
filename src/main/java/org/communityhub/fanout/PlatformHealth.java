package org.communityhub.fanout;

/**
 * How one platform stands for the residents of a worker's area.
 *
 * @param waiting deliveries queued or on their way
 * @param failing deliveries that failed and will be tried again
 * @param dead deliveries given up on (an administrator can replay them)
 * @param rejected records the platform refused, each an open task
 */
public record PlatformHealth(
        String adapterId, String name, boolean configured, long waiting, long failing, long dead, long rejected) {

    public boolean healthy() {
        return failing == 0 && dead == 0 && rejected == 0;
    }
}
