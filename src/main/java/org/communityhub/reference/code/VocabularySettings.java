package org.communityhub.reference.code;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Where the district keeps its own vocabulary ({@code hub.vocabulary.*}). */
@ConfigMapping(prefix = "hub.vocabulary")
public interface VocabularySettings {

    /** The directory of the district's header-synonyms.csv and code-aliases.csv (HUB_VOCABULARY_DIR); default HUB_DATA_DIR/vocabulary. */
    Optional<Path> dir();
}
