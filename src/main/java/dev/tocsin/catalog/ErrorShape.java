package dev.tocsin.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * The layout of a provider's JSON error body. OpenAI-compatible providers (Groq, DeepSeek, Together,
 * OpenRouter, Perplexity) share {@code openai}; {@code generic} reads the common fields of any API.
 */
public enum ErrorShape {
    MISTRAL, OPENAI, ANTHROPIC, GEMINI, GENERIC;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ErrorShape> fromCode(String code) {
        for (ErrorShape shape : values()) {
            if (shape.code().equals(code)) {
                return Optional.of(shape);
            }
        }
        return Optional.empty();
    }
}
