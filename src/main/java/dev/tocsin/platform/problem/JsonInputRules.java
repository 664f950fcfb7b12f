package dev.tocsin.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.tocsin.platform.Instants;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;

/**
 * What no JSON string or instant may carry into the service, checked once for every body: a NUL
 * character (PostgreSQL refuses it in text, so it would surface as a 500) and an instant outside four-digit
 * years (past timestamptz's range). The failure names the field, like any other validation error.
 */
@Singleton
class JsonInputRules implements ObjectMapperCustomizer {

    /** A value refused by these rules; the mapper turns it into a 400 naming the field and this reason. */
    static final class RejectedValue extends MismatchedInputException {
        private final String reason;

        RejectedValue(JsonParser parser, String reason, Class<?> type) {
            super(parser, reason, type);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** Last, so that these deserializers win over the java.time module Quarkus registers. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("tocsin-input-rules");
        module.addDeserializer(String.class, new NoNulStrings());
        module.addDeserializer(Instant.class, new BoundedInstants());
        mapper.registerModule(module);
    }

    private static final class NoNulStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new RejectedValue(p, "must not contain NUL characters", String.class);
            }
            return value;
        }
    }

    private static final class BoundedInstants extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Instant value = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (value != null && !Instants.accepted(value)) {
                throw new RejectedValue(p, Instants.RANGE, Instant.class);
            }
            return value;
        }
    }
}
