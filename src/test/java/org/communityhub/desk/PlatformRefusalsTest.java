package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which form field a platform's refusal is about, by the words platforms use. */
class PlatformRefusalsTest {

    @Test
    void theFieldNamedFirstInTheRefusalIsTheOneMarked() {
        assertThat(PlatformRefusals.fieldNamed("公民身份号码与姓名不匹配", Optional.empty()))
                .isEqualTo("idNumber");
        assertThat(PlatformRefusals.fieldNamed("姓名与户籍信息不符", Optional.empty())).isEqualTo("name");
        assertThat(PlatformRefusals.fieldNamed("地址不规范：缺少门牌号", Optional.empty())).isEqualTo("building");
        assertThat(PlatformRefusals.fieldNamed("缺少门牌号", Optional.empty())).isEqualTo("room");
        assertThat(PlatformRefusals.fieldNamed("手机号码位数不对", Optional.empty())).isEqualTo("phone");
        assertThat(PlatformRefusals.fieldNamed("出生日期晚于登记日期", Optional.empty())).isEqualTo("birthDate");
    }

    @Test
    void aRefusalThatNamesNoFieldMarksNone() {
        assertThat(PlatformRefusals.fieldNamed("数据格式错误", Optional.empty())).isNull();
        assertThat(PlatformRefusals.fieldNamed("", Optional.empty())).isNull();
    }
}
