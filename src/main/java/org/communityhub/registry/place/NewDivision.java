package org.communityhub.registry.place;

import org.communityhub.common.error.FieldErrors;
import org.communityhub.reference.place.DivisionCode;

/** A division to add, usually a community (社区) under a street. */
public record NewDivision(String code, String name, String parentCode) {

    public NewDivision {
        code = code == null ? null : code.strip();
        name = name == null ? null : name.strip();
        parentCode = parentCode == null ? null : parentCode.strip();
        FieldErrors errors = new FieldErrors();
        if (code == null || code.isEmpty()) {
            errors.add("code", "required", "请填写区划代码。");
        } else if (!DivisionCode.isCommunity(code) && !DivisionCode.isStreet(code)) {
            errors.add("code", "invalid-format", "社区（村）代码应为 12 位数字，乡镇（街道）代码为 9 位数字。");
        }
        if (name == null || name.isEmpty()) {
            errors.add("name", "required", "请填写名称。");
        } else if (name.length() > 100) {
            errors.add("name", "too-long", "名称最多 100 个字。");
        }
        if (parentCode == null || parentCode.isEmpty()) {
            errors.add("parentCode", "required", "请填写上级区划代码。");
        } else if (code != null && !errors.has("code") && !code.startsWith(parentCode)) {
            errors.add("code", "parent-mismatch", "区划代码应以上级区划代码开头。");
        }
        errors.throwIfAny();
    }
}
