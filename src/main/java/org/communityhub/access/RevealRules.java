package org.communityhub.access;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Set;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Filters;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.identity.Masking;

/** Reads {@code ?reveal=&purpose=&purposeNote=} and decides whether the actor may reveal. */
@ApplicationScoped
public class RevealRules {

    private static final int NOTE_REQUIRED_GRADE = 2;
    private static final int NOTE_MAX = 500;
    private static final String FILE_PURPOSE_REQUIRED = "下载含个人信息的文件须说明目的（purpose）。";

    private final CodeTable purposes;
    private final PrivacySettings settings;

    RevealRules(CodeTables codes, PrivacySettings settings) {
        this.purposes = codes.get(CodeTables.ACCESS_PURPOSE);
        this.settings = settings;
    }

    /**
     * The reveal asked for, checked: 422 for an unknown field, a missing or unknown purpose, or a
     * missing note; 403 when none of the actor's roles may reveal.
     */
    public Reveal check(Actor actor, String reveal, String purpose, String note) {
        String fieldsText = Filters.text(reveal);
        if (fieldsText == null) {
            return Reveal.NONE;
        }
        return checked(actor, fieldsText, purpose, note, "查看完整的个人信息须说明目的（purpose）。");
    }

    /**
     * A file of personal data asked for, with identifiers masked unless {@code reveal} names them:
     * the purpose is required whatever is revealed (422 when missing, unknown or without its
     * note); revealing is refused (403) to roles that may not reveal. The returned reveal names
     * the identifiers shown in full (none when {@code reveal} is empty) and always the purpose.
     */
    public Reveal checkFile(Actor actor, String reveal, String purpose, String note) {
        String fieldsText = Filters.text(reveal);
        if (fieldsText != null) {
            return checked(actor, fieldsText, purpose, note, FILE_PURPOSE_REQUIRED);
        }
        Reveal purposeOnly = checked(null, "", purpose, note, FILE_PURPOSE_REQUIRED);
        return new Reveal(Set.of(), purposeOnly.purpose(), purposeOnly.note());
    }

    /** The checks of a reveal; {@code actor} null: no role check (nothing is shown in full). */
    private Reveal checked(Actor actor, String fieldsText, String purpose, String note, String purposeRequired) {
        FieldErrors errors = new FieldErrors();
        Set<String> fields = new LinkedHashSet<>();
        for (String f : fieldsText.isEmpty() ? new String[0] : fieldsText.split(",")) {
            String field = f.strip();
            if (Reveal.REVEALABLE.contains(field)) {
                fields.add(field);
            } else {
                errors.add("reveal", "unknown-field", "只能查看完整的证件号码（idNumber）或电话（phone）。");
            }
        }
        String purposeCode = Filters.text(purpose);
        String noteText = Filters.text(note);
        CodeEntry entry =
                purposeCode == null ? null : purposes.entry(purposeCode).orElse(null);
        if (purposeCode == null) {
            errors.add("purpose", "purpose-required", purposeRequired);
        } else if (entry == null) {
            errors.add("purpose", "unknown-purpose", "目的代码不在“查看个人信息的目的”代码表中。");
        } else if (entry.grade() != null && entry.grade() >= NOTE_REQUIRED_GRADE && noteText == null) {
            errors.add("purposeNote", "note-required", "该目的须填写说明（purposeNote），如协查文书编号。");
        }
        if (noteText != null && noteText.length() > NOTE_MAX) {
            errors.add("purposeNote", "too-long", "说明最多 500 个字。");
        }
        errors.throwIfAny();
        if (actor != null && actor.roles().stream().noneMatch(settings.revealRoles()::contains)) {
            throw ProblemException.forbidden("reveal-not-permitted", "您的角色不能查看完整的证件号码或电话。");
        }
        // A note may quote a document; an ID number or phone in it is kept masked.
        return new Reveal(fields, purposeCode, noteText == null ? null : Masking.maskIdentifiersIn(noteText));
    }
}
