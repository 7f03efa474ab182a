package org.communityhub.common.error;

/**
 * A start refused for a setting the operator must change (say, an unacceptable
 * HUB_BOOTSTRAP_ADMIN_PASSWORD): the hub says so in one sentence on the console and exits with
 * code 2, without a stack trace, after stopping the embedded database it started.
 */
public class CannotStart extends RuntimeException {

    public CannotStart(String sentence) {
        super(sentence, null, false, false);
    }
}
