package org.communityhub.intake.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;

/**
 * The answers of a resident (本人的填报内容): what a community wrote into the columns to fill, by
 * column number, kept encrypted under the personal-data key (an answer may say anything about a
 * person). A returned form and a row saved on the fill page both keep answers here, so both are
 * the same thing to the summary; the latest answers of a resident stand whole.
 */
@ApplicationScoped
class CollectionAnswers {

    private static final TypeReference<LinkedHashMap<String, String>> ANSWERS = new TypeReference<>() {};

    private final CollectionRepository repository;
    private final PiiCipher cipher;
    private final ObjectMapper json;

    CollectionAnswers(CollectionRepository repository, PiiCipher cipher, ObjectMapper json) {
        this.repository = repository;
        this.cipher = cipher;
        this.json = json;
    }

    /**
     * Keeps a resident's answers (column number to the text written; empty answers left out), in
     * place of any kept before. Returns whether anything was answered: nothing answered keeps
     * nothing and leaves what was kept.
     */
    boolean keep(UUID collection, UUID resident, String community, Map<Integer, String> answers, Instant at) {
        Map<String, String> written = new LinkedHashMap<>();
        answers.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e ->
                        written.put(String.valueOf(e.getKey()), e.getValue().strip()));
        if (written.isEmpty()) {
            return false;
        }
        repository.answer(
                collection, resident, community, cipher.encrypt(PiiField.COLLECTION_ANSWERS, json(written)), at);
        return true;
    }

    /** The answers kept for these residents, by resident, then column number; a resident without any is absent. */
    Map<UUID, Map<Integer, String>> of(UUID collection, Collection<UUID> residents) {
        Map<UUID, Map<Integer, String>> answers = new HashMap<>();
        if (residents.isEmpty()) {
            return answers;
        }
        repository.answers(collection, List.copyOf(residents)).forEach((resident, kept) -> {
            Map<Integer, String> byColumn = new LinkedHashMap<>();
            read(cipher.decrypt(PiiField.COLLECTION_ANSWERS, kept))
                    .forEach((column, text) -> byColumn.put(Integer.valueOf(column), text));
            answers.put(resident, byColumn);
        });
        return answers;
    }

    private String json(Map<String, String> answers) {
        try {
            return json.writeValueAsString(answers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, ANSWERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers kept are not readable", e);
        }
    }
}
