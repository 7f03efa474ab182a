package org.communityhub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.InvalidIdNumberException;
import org.communityhub.reference.identity.Masking;

/**
 * Finds what looks like personal identifiers in text such as a log, without knowing the values: an
 * 18-character ID number that passes the hub's ID rules, or a mainland mobile number (1, then 3
 * to 9, then 9 digits), each standing alone (no digit or Latin letter right before or after).
 */
public final class IdentifiersInText {

    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])(\\d{17})([\\dXx])(?![0-9A-Za-z])");
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9A-Za-z])1[3-9]\\d{9}(?![0-9A-Za-z])");

    /** Something found: where, and the value masked as the hub masks it. */
    public record Finding(Path file, int line, String masked) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + masked;
        }
    }

    private IdentifiersInText() {}

    /**
     * Whether 18 characters pass the hub's own ID rules: check character, a real birth date, a
     * province that exists. A random 18-digit number (a test's random seed, say) passes the check
     * character one time in eleven, all three rarely.
     */
    private static boolean isIdNumber(String candidate) {
        try {
            IdNumber.parse(candidate, HubDates.today());
            return true;
        } catch (InvalidIdNumberException e) {
            return false;
        }
    }

    /** Every ID number and mobile number in a file, by line. */
    public static List<Finding> scan(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<Finding> findings = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            Matcher id = ID_NUMBER.matcher(line);
            while (id.find()) {
                if (isIdNumber(id.group())) {
                    findings.add(new Finding(file, lineNumber, Masking.maskIdNumber(id.group())));
                }
            }
            Matcher mobile = MOBILE.matcher(line);
            while (mobile.find()) {
                findings.add(new Finding(file, lineNumber, Masking.maskPhone(mobile.group())));
            }
        }
        return findings;
    }
}
