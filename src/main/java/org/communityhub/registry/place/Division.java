package org.communityhub.registry.place;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.communityhub.reference.place.DivisionCode;

/** An administrative division, from province down to community (社区) or village. */
@Entity
@Table(name = "division")
public class Division {

    /** Level of a community or village (12-digit statistical code). */
    public static final int COMMUNITY = DivisionCode.COMMUNITY_LEVEL;

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public short level;

    @Column(name = "parent_code")
    public String parentCode;

    /** The level a code of this length belongs to, or 0 for no level. */
    public static int levelOf(String code) {
        return DivisionCode.levelOf(code);
    }

    /** The code length of the level below {@code level}. */
    public static int childCodeLength(int level) {
        return level >= 1 && level < COMMUNITY ? DivisionCode.lengthAt(level + 1) : 0;
    }
}
