package dev.tocsin.statuspage.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tocsin.statuspage.StatusSnapshot;

/**
 * The stored form of a snapshot. A mapper of its own, so that how the API's mapper is configured can
 * never change what an old row reads back as; unknown fields (derived ones such as {@code resolved}) are
 * skipped.
 */
final class SnapshotJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SnapshotJson() {
    }

    static String write(StatusSnapshot snapshot) {
        try {
            return MAPPER.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot is plain records and always serializes", e);
        }
    }

    /** A row that no longer reads (an older shape) counts as no snapshot: the next read is a first read. */
    static StatusSnapshot read(String json) {
        try {
            return MAPPER.readValue(json, StatusSnapshot.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
