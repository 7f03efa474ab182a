package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;

/**
 * A resident as people name them — by name, ID number, mobile number or address (the 居民 search
 * box's rules) — within the user's area, for the pages that act on one resident (a platform's
 * preview, the audit's disclosures and ledger). An internal id still works, so old links do.
 */
@ApplicationScoped
public class ResidentFinder {

    /** How many possible residents are offered to choose from. */
    static final int CHOICES = 10;

    /**
     * What was typed, and what it found: one resident ({@code id}), several to choose from
     * ({@code choices}, {@code total} in all), or a message why there is none.
     */
    public record Found(String typed, UUID id, List<ResidentListItem> choices, long total, String error, String name) {

        Found(String typed, UUID id, List<ResidentListItem> choices, long total, String error) {
            this(
                    typed,
                    id,
                    choices,
                    total,
                    error,
                    choices.size() == 1 ? choices.get(0).name() : null);
        }

        public boolean one() {
            return id != null;
        }

        public boolean several() {
            return id == null && !choices.isEmpty();
        }

        /** More residents match than are offered. */
        public boolean more() {
            return total > choices.size();
        }
    }

    private final ResidentQueries residents;
    private final CodeTable tags;

    ResidentFinder(ResidentQueries residents, CodeTables codes) {
        this.residents = residents;
        this.tags = codes.get(CodeTables.TAG);
    }

    /** The resident {@code typed} names in the actor's area; a search is logged as the 居民 list's is. */
    public Found find(Actor actor, String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            return new Found(text, null, List.of(), 0, "请填写居民的姓名、证件号码或地址。");
        }
        UUID id = Ids.parse(text.toLowerCase()).orElse(null);
        if (id != null) {
            return new Found(text, id, List.of(), 1, null);
        }
        Page<ResidentListItem> page;
        try {
            page = residents.search(actor, SearchText.read(text, tags), PageRequest.of("0", Integer.toString(CHOICES)));
        } catch (ProblemException e) {
            if (e.status() != 422) {
                throw e;
            }
            // e.g. an ID number with a wrong check digit: the search's own words
            return new Found(
                    text,
                    null,
                    List.of(),
                    0,
                    e.errors().isEmpty() ? e.getMessage() : e.errors().get(0).message());
        }
        if (page.items().isEmpty()) {
            return new Found(text, null, List.of(), 0, "在您负责的范围内没有找到“" + text + "”：请核对姓名、证件号码或地址（如 3号楼2单元501）。");
        }
        if (page.items().size() == 1) {
            return new Found(text, page.items().get(0).id(), page.items(), 1, null);
        }
        return new Found(text, null, page.items(), page.total(), null);
    }
}
