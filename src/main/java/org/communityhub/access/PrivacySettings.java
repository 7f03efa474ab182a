package org.communityhub.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who may see what of residents' personal data. */
@ConfigMapping(prefix = "hub.privacy")
public interface PrivacySettings {

    /** Roles that may reveal a full ID number or phone (always with a stated purpose, logged). */
    @WithDefault("worker,supervisor")
    Set<String> revealRoles();

    /**
     * Per role, the restricted tags (grade 3: 社区矫正, 严重精神障碍, 吸毒 …) its users may see and
     * set; {@code *} for all of them. A role not listed sees none.
     */
    Map<String, List<String>> tagGrants();

    /**
     * Residents outside their area a user's look-ups of ID numbers (registering, importing) may find
     * in one day; beyond it, every look-up of theirs is refused until the next day, so nobody can
     * learn at scale who is registered in the district.
     */
    @WithDefault("30")
    int lookupsElsewherePerDay();
}
