package org.rnnsuite.common.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The project's one JSON mapper (Jackson databind): model cards, {@code run.json} and configuration records.
 * Output is indented, keys keep their declaration order, unknown properties are refused when reading a record,
 * and a record's {@code isX()} helper methods are not taken for properties.
 */
public final class Json {
    /** The shared mapper; thread-safe once configured. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a record's isX() helper is not a property: only its components are
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .build();

    private Json() {
    }

    /**
     * @param value a record, map, list or scalar
     * @return its indented JSON text, ending with a newline
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param value a record, map, list or scalar
     * @return its JSON tree
     */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
