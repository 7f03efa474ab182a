package org.communityhub.matching;

import org.communityhub.registry.resident.RegistrationWarning;

/** Why two residents are probably one person: each reason a machine code and a Chinese explanation. */
enum MatchReason {
    NAME_SAME("name-same", "姓名相同"),
    NAME_VARIANT("name-variant", "姓名写法不同但为同一名字（繁简体、全角半角或空格、间隔号）"),
    NAME_HOMOPHONE("name-homophone", "姓名同音（拼音相同，可能是同音字或异体字）"),
    BIRTH_DATE_SAME("birth-date-same", "出生日期相同"),
    BIRTH_DATE_ONE_DIGIT("birth-date-one-digit", "出生日期仅一位数字不同"),
    BIRTH_DATE_TRANSPOSED("birth-date-transposed", "出生日期有两位相邻数字颠倒"),
    BIRTH_DATE_DAY_MONTH_SWAPPED("birth-date-day-month-swapped", "出生日期的月和日互换（日期格式不同）"),
    ID_NUMBER_SAME("id-number-same", "证件号码相同"),
    ID_NUMBER_LEGACY_TWIN("id-number-legacy-twin", "证件号码为同一号码的 15 位与 18 位两种写法"),
    ID_NUMBER_ONE_DIGIT("id-number-one-digit", "证件号码前 17 位仅一位不同"),
    ID_NUMBER_TRANSPOSED("id-number-transposed", "证件号码有两位相邻数字颠倒"),
    ID_NUMBER_MISSING("id-number-missing", "其中一方没有登记证件号码，无法比对"),
    SAME_ADDRESS("same-address", "住址相同"),
    SAME_PHONE("same-phone", "联系电话相同"),
    SEX_DIFFERS("sex-differs", "性别不同（证件号码的错位可能改变了性别位）");

    final String code;
    final String message;

    MatchReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    RegistrationWarning.Reason view() {
        return new RegistrationWarning.Reason(code, message);
    }
}
