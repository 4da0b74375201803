package dev.palisade.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ToolDefinitionHasherTest {
  private final ObjectMapper json = new ObjectMapper();
  private final ToolDefinitionHasher hasher = new ToolDefinitionHasher();

  private String hash(String tool) throws Exception {
    return hasher.hash(json.readTree(tool));
  }

  @Test
  void ignoresKeyOrderAndNumberSpelling() throws Exception {
    String a = "{\"name\":\"t\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"n\":{\"maximum\":10}}}}";
    String b = "{\"inputSchema\":{\"properties\":{\"n\":{\"maximum\":10.0}},\"type\":\"object\"},\"description\":\"d\",\"name\":\"t\"}";
    assertThat(hash(a)).isEqualTo(hash(b)).startsWith("sha256:").hasSize(7 + 64);
  }

  @Test
  void everyFieldTheModelReadsIsCovered() throws Exception {
    String base = hash("{\"name\":\"t\",\"description\":\"Adds numbers\"}");
    assertThat(hash("{\"name\":\"t\",\"description\":\"Adds numbers.\"}")).isNotEqualTo(base);
    assertThat(hash("{\"name\":\"t\",\"description\":\"Adds numbers\",\"title\":\"x\"}")).isNotEqualTo(base);
    assertThat(hash("{\"name\":\"t\",\"description\":\"Adds numbers\",\"annotations\":{\"readOnlyHint\":true}}")).isNotEqualTo(base);
    assertThat(hash("{\"name\":\"t\",\"description\":\"Adds numbers\",\"outputSchema\":{}}")).isNotEqualTo(base);
  }

  @Test
  void metadataOutsideTheDefinitionDoesNotChangeTheHash() throws Exception {
    assertThat(hash("{\"name\":\"t\",\"description\":\"d\",\"_meta\":{\"v\":1}}"))
        .isEqualTo(hash("{\"name\":\"t\",\"description\":\"d\",\"_meta\":{\"v\":2}}"));
  }

  @Test
  void canonicallyEquivalentUnicodeHashesAlikeButHiddenCharactersDoNot() throws Exception {
    String composed = hash("{\"name\":\"t\",\"description\":\"caf\u00e9\"}");
    assertThat(hash("{\"name\":\"t\",\"description\":\"cafe\u0301\"}")).isEqualTo(composed);
    assertThat(hash("{\"name\":\"t\",\"description\":\"caf\u200b\u00e9\"}")).isNotEqualTo(composed);
    assertThat(hash("{\"name\":\"t\",\"description\":\"caf\u00e9\udb40\udc41\"}")).isNotEqualTo(composed);
  }

  @Test
  void canonicalFormIsStable() throws Exception {
    JsonNode value = json.readTree("{\"b\":[1.50,true,null],\"a\":\"x\\\"y\"}");
    assertThat(hasher.canonical(value)).isEqualTo("{\"a\":\"x\\\"y\",\"b\":[1.5,true,null]}");
  }
}
