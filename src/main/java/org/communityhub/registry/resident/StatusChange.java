package org.communityhub.registry.resident;

import java.time.LocalDate;

/**
 * An explicit change of a resident's status: moving out (迁出), death (死亡), or back on the
 * register (ACTIVE: moved back, or a recorded death corrected by a supervisor).
 *
 * @param date when it happened (for MOVED_OUT and DECEASED)
 * @param reason why (迁出原因、死亡原因, or what is being corrected)
 */
public record StatusChange(ResidentStatus status, LocalDate date, String reason) {}
