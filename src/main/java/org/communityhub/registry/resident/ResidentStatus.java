package org.communityhub.registry.resident;

/** Whether a resident is on the register; codes of the {@code resident-status} table. */
public enum ResidentStatus {
    /** 在册 */
    ACTIVE,
    /** 迁出 */
    MOVED_OUT,
    /** 死亡 */
    DECEASED,
    /** 已合并: a second record of a person, merged into the one that survived ({@code mergedInto}) */
    MERGED,
    /**
     * 已作废: a registration made in error (a person who does not live here, a test entry); the
     * record and its history stay, it is on no list and every platform holding it gets its removal
     */
    VOIDED
}
