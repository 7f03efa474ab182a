package org.communityhub.access;

import java.util.List;

/** The hub's roles. A user may hold several. */
public final class Roles {

    /** 社区工作者 / 网格员: registers and updates residents in their area. */
    public static final String WORKER = "worker";
    /** 街道: oversees several communities; resolves duplicates; corrects recorded deaths. */
    public static final String SUPERVISOR = "supervisor";
    /** 区信息中心: audits data sharing and access; reads no personal data unmasked. */
    public static final String AUDITOR = "auditor";
    /** Maintains platform adapter definitions. */
    public static final String ADAPTER_ADMIN = "adapter-admin";
    /** Manages users, scopes and divisions. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(WORKER, SUPERVISOR, AUDITOR, ADAPTER_ADMIN, ADMIN);

    private Roles() {}
}
