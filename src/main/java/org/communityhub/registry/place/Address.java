package org.communityhub.registry.place;

import org.communityhub.common.error.FieldErrors;
import org.communityhub.reference.place.DivisionCode;

/**
 * Where someone lives: the community and, inside it, building (楼栋), unit (单元) and room (房号).
 * Building, unit and room are free text as written on the door ("3号楼", "2单元", "501").
 */
public record Address(String communityCode, String building, String unit, String room) {

    public static final int BUILDING_MAX = 20;
    public static final int UNIT_MAX = 10;
    public static final int ROOM_MAX = 10;

    /**
     * The parts inside the community as pages show them, e.g. "3号楼 2单元 501": a unit written as a
     * bare number gets its 单元 (one written "2单元" keeps its own), blank parts are left out.
     */
    public static String shown(String building, String unit, String room) {
        StringBuilder line = new StringBuilder();
        for (String part : new String[] {clean(building), unitWithWord(unit), clean(room)}) {
            if (part != null) {
                line.append(line.isEmpty() ? "" : " ").append(part);
            }
        }
        return line.toString();
    }

    /** A unit as written, with 单元 after a bare number ("2" → "2单元"); null for none. */
    public static String unitWithWord(String unit) {
        String u = clean(unit);
        return u == null || !u.chars().allMatch(Character::isDigit) ? u : u + "单元";
    }

    /** Trims the parts and turns blank ones into null. */
    public static Address of(String communityCode, String building, String unit, String room) {
        return new Address(clean(communityCode), clean(building), clean(unit), clean(room));
    }

    /** Form problems of the parts (not whether the community exists). */
    public void check(String prefix, FieldErrors errors) {
        if (communityCode == null) {
            errors.add(prefix + "communityCode", "required", "请选择所属社区（12 位区划代码）。");
        } else if (!DivisionCode.isCommunity(communityCode)) {
            errors.add(prefix + "communityCode", "invalid-format", "社区代码应为 12 位数字。");
        }
        checkPart(building, BUILDING_MAX, prefix + "building", "楼栋", errors);
        checkPart(unit, UNIT_MAX, prefix + "unit", "单元", errors);
        checkPart(room, ROOM_MAX, prefix + "room", "房号", errors);
    }

    private static void checkPart(String value, int max, String field, String label, FieldErrors errors) {
        if (value == null) {
            return;
        }
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(field, "too-long", label + "最多 " + max + " 个字。");
        } else if (value.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(field, "invalid-characters", label + "含有控制字符。");
        }
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        return s.isEmpty() ? null : s;
    }
}
