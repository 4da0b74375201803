package dev.palisade.detection.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.LoggerFactory;

/**
 * The shipped rule packs as JSON, compiled from their YAML at build time ({@link RulePackCompiler}).
 * Reading 260 KB of YAML was the longest step of a sidecar's start (about 250 ms on a cold JVM against
 * 65 ms for the same tree as JSON, and SnakeYAML's parser was then among the first things the JIT
 * compiled). The YAML stays the source and ships too: an index records the CRC-32 of the YAML each
 * pack was compiled from, and a compiled pack is used only while that still matches the YAML on the
 * classpath, so an edited pack is never shadowed by a stale compilation. In a jar the check reads
 * the CRC the zip entry already carries, without inflating the YAML.
 *
 * <p>Trees are read with Jackson's streaming parser rather than an {@code ObjectMapper}, whose class
 * initialisation (date formats, locale data) would otherwise fall on the detection engine's build.
 */
final class CompiledPacks {
  static final String DIRECTORY = "palisade/rules/compiled/";
  static final String INDEX = "index.json";
  private static final String YAML_DIRECTORY = "palisade/rules/";
  private static final JsonFactory JSON = new JsonFactory();

  private final ClassLoader classLoader;
  /** Per pack file ("injection.yaml"), the CRC-32 and size in bytes of the YAML it was compiled from. */
  private final Map<String, Source> sources;

  record Source(long crc32, int length) {}

  private CompiledPacks(ClassLoader classLoader, Map<String, Source> sources) {
    this.classLoader = classLoader;
    this.sources = sources;
  }

  /** The compiled packs {@code classLoader} has (none when it has no index). */
  static CompiledPacks from(ClassLoader classLoader) {
    Map<String, Source> sources = new HashMap<>();
    try (InputStream in = classLoader.getResourceAsStream(DIRECTORY + INDEX)) {
      if (in != null) {
        readTree(in).fields().forEachRemaining(entry -> sources.put(entry.getKey(),
            new Source(entry.getValue().path("crc32").asLong(-1), entry.getValue().path("length").asInt())));
      }
    } catch (IOException | RuntimeException e) {
      LoggerFactory.getLogger(CompiledPacks.class).warn("compiled rule packs unreadable, parsing their YAML: {}", e.toString());
      sources.clear();
    }
    return new CompiledPacks(classLoader, sources);
  }

  /** Whether {@code pack} has a compilation of the YAML now on the classpath. */
  boolean fresh(String pack) {
    Source source = sources.get(pack);
    URL yaml = classLoader.getResource(YAML_DIRECTORY + pack);
    if (source == null || yaml == null) {
      return false;
    }
    try {
      if (crc32(yaml) == source.crc32()) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    LoggerFactory.getLogger(CompiledPacks.class).warn(
        "compiled rule pack {} was made from other YAML (rebuild to refresh it), parsing the YAML", pack);
    return false;
  }

  /** Size in bytes of the YAML {@code pack} was compiled from (the loader parses the largest pack aside). */
  int sourceLength(String pack) {
    return sources.get(pack).length();
  }

  /** The tree of a {@link #fresh} pack. */
  JsonNode tree(String pack) {
    try (InputStream in = classLoader.getResourceAsStream(DIRECTORY + fileName(pack))) {
      if (in == null) {
        throw new RuleFileException(pack, null, null, "compiled form missing from the classpath");
      }
      return readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the compiled rule pack " + pack, e);
    }
  }

  /** Where the compiled form of {@code pack} ("injection.yaml") lives within {@link #DIRECTORY}. */
  static String fileName(String pack) {
    return pack.substring(0, pack.length() - ".yaml".length()) + ".json";
  }

  /** Writes the compiled form of each pack and the index; {@code yaml} maps pack files to their YAML. */
  static void write(Path directory, Map<String, byte[]> yaml, Map<String, JsonNode> trees) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode index = mapper.createObjectNode();
    for (Map.Entry<String, JsonNode> pack : trees.entrySet()) {
      byte[] source = yaml.get(pack.getKey());
      CRC32 crc = new CRC32();
      crc.update(source);
      index.putObject(pack.getKey()).put("crc32", crc.getValue()).put("length", source.length);
      Files.writeString(directory.resolve(fileName(pack.getKey())), mapper.writeValueAsString(pack.getValue()));
    }
    Files.writeString(directory.resolve(INDEX), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(index));
  }

  /** CRC-32 of a resource's bytes: a jar entry's recorded one, else computed. */
  private static long crc32(URL resource) throws IOException {
    if ("jar".equals(resource.getProtocol())) {
      return ((JarURLConnection) resource.openConnection()).getJarEntry().getCrc();
    }
    try (InputStream in = resource.openStream()) {
      CRC32 crc = new CRC32();
      crc.update(in.readAllBytes());
      return crc.getValue();
    }
  }

  /** A JSON document as a tree, with the node types an {@code ObjectMapper} would give it. */
  static JsonNode readTree(InputStream in) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IOException("empty document");
      }
      return value(parser, first);
    }
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.set(name, value(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      }
      case VALUE_STRING -> {
        return nodes.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> nodes.numberNode(parser.getIntValue());
          case LONG -> nodes.numberNode(parser.getLongValue());
          default -> nodes.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return nodes.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return nodes.nullNode();
      }
      default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
    }
  }
}
