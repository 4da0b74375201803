package dev.palisade.detection.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped rule packs as JSON, compiled from their YAML at build time ({@link RulePackCompiler}).
 * Reading 260 KB of YAML was the longest step of a sidecar's start (about 250 ms on a cold JVM against
 * 65 ms for the same tree as JSON, and SnakeYAML's parser is then among the first things the JIT
 * compiles). The YAML stays the source and ships too: a compiled pack carries the CRC-32C of the
 * YAML it came from and is used only while that still matches, so an edited pack is never shadowed
 * by a stale compilation.
 */
final class CompiledPacks {
  static final String DIRECTORY = "palisade/rules/compiled/";
  private static final String SOURCE_CHECKSUM = "yamlCrc32c";
  private static final String PACK = "pack";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompiledPacks() {}

  /** Where the compiled form of {@code pack} ("injection.yaml") lives, relative to the rules' output. */
  static String fileName(String pack) {
    return pack.substring(0, pack.length() - ".yaml".length()) + ".json";
  }

  /** The tree compiled from {@code yamlText}, or null when there is none or it was made from other text. */
  static JsonNode read(String pack, String yamlText) {
    JsonNode compiled;
    try (InputStream in = CompiledPacks.class.getClassLoader().getResourceAsStream(DIRECTORY + fileName(pack))) {
      if (in == null) {
        return null;
      }
      compiled = JSON.readTree(in);
    } catch (IOException e) {
      log().warn("compiled rule pack {} unreadable, parsing its YAML instead: {}", pack, e.getMessage());
      return null;
    }
    if (compiled == null || compiled.path(SOURCE_CHECKSUM).asLong(-1) != checksum(yamlText)) {
      log().warn("compiled rule pack {} was made from other YAML (rebuild to refresh it), parsing the YAML", pack);
      return null;
    }
    return compiled.get(PACK);
  }

  /** The compiled form of a pack: its tree and the checksum of the YAML it was parsed from. */
  static String compile(JsonNode tree, String yamlText) {
    ObjectNode compiled = JSON.createObjectNode();
    compiled.put(SOURCE_CHECKSUM, checksum(yamlText));
    compiled.set(PACK, tree);
    try {
      return JSON.writeValueAsString(compiled);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Looked up when needed: the build step that writes the packs runs without a logging back end. */
  private static Logger log() {
    return LoggerFactory.getLogger(CompiledPacks.class);
  }

  static long checksum(String yamlText) {
    CRC32C crc = new CRC32C();
    crc.update(yamlText.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
