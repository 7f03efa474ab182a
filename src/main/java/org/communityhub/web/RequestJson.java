package org.communityhub.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import org.communityhub.common.text.RefusedTextException;
import org.communityhub.common.text.Text;

/**
 * The JSON reader of API requests: the application's mapper, with every text value checked by
 * {@link Text} as it is read (a NUL, a lone surrogate, a right-to-left override in any field is a
 * 422 naming the field). Only request bodies are read this way: what the hub reads back from its
 * own storage (delivered payloads, import state) uses the plain mapper, so that text stored before
 * these rules still reads.
 */
@Provider
public class RequestJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    RequestJson(ObjectMapper mapper) {
        this.strict = mapper.copy()
                .registerModule(new SimpleModule("hub-request-text").addDeserializer(String.class, new CheckedText()));
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }

    /** Reads a text value as Jackson does, then refuses it if {@link Text} does. */
    static final class CheckedText extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            var problem = Text.problem(value);
            if (problem.isPresent()) {
                throw new RefusedTextException(parser, problem.get());
            }
            return value;
        }
    }
}
