package org.communityhub.registry.resident;

import java.time.LocalDate;

/**
 * An explicit change of a resident's status: moving out (迁出), death (死亡), voiding a
 * registration made in error (VOIDED, 作废), or back on the register (ACTIVE: moved back, or a
 * recorded death or a voiding corrected by a supervisor).
 *
 * @param date when it happened (for MOVED_OUT and DECEASED; a voiding is dated the day it is recorded)
 * @param reason why (迁出原因、死亡原因、登记错在哪里, or what is being corrected)
 */
public record StatusChange(ResidentStatus status, LocalDate date, String reason) {}
