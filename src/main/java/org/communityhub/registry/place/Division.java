package org.communityhub.registry.place;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An administrative division, from province down to community (社区) or village. */
@Entity
@Table(name = "division")
public class Division {

    /** Level of a community or village (12-digit statistical code). */
    public static final int COMMUNITY = 5;

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
        if (code == null) {
            return 0;
        }
        return switch (code.length()) {
            case 2 -> 1;
            case 4 -> 2;
            case 6 -> 3;
            case 9 -> 4;
            case 12 -> 5;
            default -> 0;
        };
    }

    /** The code length of the level below {@code level}. */
    public static int childCodeLength(int level) {
        return switch (level) {
            case 1 -> 4;
            case 2 -> 6;
            case 3 -> 9;
            case 4 -> 12;
            default -> 0;
        };
    }
}
