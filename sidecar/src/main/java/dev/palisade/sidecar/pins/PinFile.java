package dev.palisade.sidecar.pins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.integrity.ToolPin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standalone home of tool pins: a JSON file an administrator owns. The sidecar writes what it
 * observes; approvals are made by editing the file (or with {@code palisade-sidecar pins approve})
 * and picked up while the sidecar runs. The file is replaced atomically, never written in place.
 */
public final class PinFile {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path path;

  public PinFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  public boolean exists() {
    return Files.exists(path);
  }

  /** The pins in the file, by server and tool; empty when the file does not exist. */
  public Map<String, Map<String, ToolPin>> read() {
    Map<String, Map<String, ToolPin>> servers = new LinkedHashMap<>();
    if (!Files.exists(path)) {
      return servers;
    }
    JsonNode root;
    try {
      root = JSON.readTree(path.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("pin file " + path + " is not valid JSON: " + e.getMessage(), e);
    }
    JsonNode serverNodes = root.path("servers");
    for (Iterator<Map.Entry<String, JsonNode>> it = serverNodes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> server = it.next();
      Map<String, ToolPin> tools = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> t = server.getValue().path("tools").fields(); t.hasNext(); ) {
        Map.Entry<String, JsonNode> tool = t.next();
        JsonNode pin = tool.getValue();
        tools.put(tool.getKey(), new ToolPin(tool.getKey(),
            text(pin, "approvedHash"), text(pin, "observedHash"),
            instant(pin, "firstSeen"), instant(pin, "lastSeen"), pin.path("removed").asBoolean(false)));
      }
      servers.put(server.getKey(), tools);
    }
    return servers;
  }

  /** Replaces the file with these pins. */
  public void write(Map<String, Map<String, ToolPin>> servers) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ObjectNode serverNodes = root.putObject("servers");
    servers.forEach((server, tools) -> {
      ObjectNode toolNodes = serverNodes.putObject(server).putObject("tools");
      tools.forEach((name, pin) -> {
        ObjectNode node = toolNodes.putObject(name);
        node.put("approvedHash", pin.approvedHash());
        node.put("observedHash", pin.observedHash());
        node.put("approved", pin.approved());
        node.put("firstSeen", pin.firstSeen() == null ? null : pin.firstSeen().toString());
        node.put("lastSeen", pin.lastSeen() == null ? null : pin.lastSeen().toString());
        node.put("removed", pin.removed());
      });
    });
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, ".pins", ".tmp");
      JSON.writeValue(temporary.toFile(), root);
      try {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pin file " + path, e);
    }
  }

  /** Last modification time, or {@code null} when the file does not exist. */
  public Instant modified() {
    try {
      return Files.exists(path) ? Files.getLastModifiedTime(path).toInstant() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    return value == null ? null : Instant.parse(value);
  }
}
