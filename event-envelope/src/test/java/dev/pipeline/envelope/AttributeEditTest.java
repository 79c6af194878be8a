package dev.pipeline.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AttributeEditTest {

    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\","
            + "\"audience\":\"alpha,bëta\",\"zz\":1,\"data\":{\"audience\":\"not this one\",\"price\":12.50}}";

    @Test
    void replacesOnlyTheTopLevelAttributesValue() {
        assertEquals(EVENT.replace("\"alpha,bëta\"", "\"alpha\""), AttributeEdit.withStringAttribute(EVENT, "audience", "alpha"));
    }

    @Test
    void quotesTheNewValue() {
        String edited = AttributeEdit.withStringAttribute(EVENT, "audience", "a\"b\n");
        assertEquals(EVENT.replace("\"alpha,bëta\"", "\"a\\\"b\\n\""), edited);
        assertEquals("a\"b\n", CloudEventJson.parse(edited).extension("audience"));
    }

    @Test
    void aValueOfAnotherTypeIsReplacedToo() {
        assertEquals(EVENT.replace("\"zz\":1", "\"zz\":\"x\""), AttributeEdit.withStringAttribute(EVENT, "zz", "x"));
    }

    @Test
    void anAbsentAttributeIsAdded() {
        String plain = "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"data\":{\"audience\":1}}";
        assertEquals(CloudEventJson.parse(plain).withExtension("audience", "alpha"),
                CloudEventJson.parse(AttributeEdit.withStringAttribute(plain, "audience", "alpha")));
    }
}
