package org.communityhub.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttachmentsTest {

    @Test
    void aChineseFileNameIsOfferedPercentEncodedBesideAnAsciiOne() {
        assertThat(Attachments.contentDisposition("共青团智慧团建_20261123_183012.xlsx", "youth-league_20261123_183012.xlsx"))
                .isEqualTo("attachment; filename=\"youth-league_20261123_183012.xlsx\"; filename*=UTF-8''"
                        + "%E5%85%B1%E9%9D%92%E5%9B%A2%E6%99%BA%E6%85%A7%E5%9B%A2%E5%BB%BA_20261123_183012.xlsx");
        // Quotes, spaces and separators never reach the header as they are.
        assertThat(Attachments.contentDisposition("a \"b\";c.csv", "a \"b\";c.csv"))
                .isEqualTo("attachment; filename=\"a__b__c.csv\"; filename*=UTF-8''a%20%22b%22%3Bc.csv");
    }
}
