package dev.palisade.detection.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.detection.engine.Match;
import dev.palisade.detection.engine.MessageScanner;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.McpMethods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of {@code scan --jsonl} (SPEC.md): {@code {"id", "kind": text|tool|message, "direction",
 * "content"}} in, {@code {"id", "findings": [{category, type, severity, rule, start, end, pointer}]}}
 * out. A malformed line gets an {@code error} instead of findings; nothing a line says can stop the
 * scan of the next. A tool is scanned as a one-tool {@code tools/list} answer; a message as the
 * JSON-RPC message it is, in the given direction (an answer whose request is unknown is scanned
 * generically; an optional {@code method} field gives the request's method).
 */
public final class JsonlScanner {
  private static final int MAX_LINE_CHARS = 8 * 1024 * 1024;
  private final ScanEngine engine;
  private final MessageScanner messages;
  private final ObjectMapper mapper = new ObjectMapper();

  public JsonlScanner(ScanEngine engine, MessageScanner messages) {
    this.engine = engine;
    this.messages = messages;
  }

  public String scanLine(String line) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    JsonNode input;
    try {
      if (line.length() > MAX_LINE_CHARS) {
        return error(out, null, "line longer than " + MAX_LINE_CHARS + " characters");
      }
      input = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      return error(out, null, "not valid JSON");
    }
    if (input == null || !input.isObject()) {
      return error(out, null, "a line must be a JSON object");
    }
    JsonNode id = input.get("id");
    try {
      List<ObjectNode> findings = findings(input);
      out.set("id", id);
      ArrayNode array = out.putArray("findings");
      findings.forEach(array::add);
      return write(out);
    } catch (IllegalArgumentException e) {
      return error(out, id, e.getMessage());
    }
  }

  /** Findings for one parsed input line; throws IllegalArgumentException for a malformed line. */
  public List<ObjectNode> findings(JsonNode input) {
    String kind = input.path("kind").asText("text");
    JsonNode content = input.get("content");
    if (content == null || content.isNull()) {
      throw new IllegalArgumentException("missing content");
    }
    Direction direction = direction(input.path("direction").asText(null), kind);
    List<ObjectNode> out = new ArrayList<>();
    switch (kind) {
      case "text" -> {
        if (!content.isTextual()) {
          throw new IllegalArgumentException("content of kind text must be a string");
        }
        for (Match match : engine.scan(content.textValue())) {
          out.add(finding(match.rule().category().wireName(), match.rule().type(), match.rule().severity().wireName(),
              match.rule().id(), match.start(), match.end(), ""));
        }
      }
      case "tool" -> {
        if (!content.isObject()) {
          throw new IllegalArgumentException("content of kind tool must be a tool definition object");
        }
        ObjectNode listing = JsonNodeFactory.instance.objectNode();
        listing.put("jsonrpc", "2.0").put("id", 0).putObject("result").putArray("tools").add(content);
        addAll(out, exchange(Direction.RESPONSE, McpMethods.TOOLS_LIST, null), JsonRpcCodec.classify(listing));
      }
      case "message" -> {
        JsonRpcMessage message = JsonRpcCodec.classify(content);
        if (message == null) {
          throw new IllegalArgumentException("content of kind message must be a JSON-RPC 2.0 message");
        }
        String method = message.methodOrNull() != null ? message.methodOrNull() : input.path("method").asText(null);
        String target = message instanceof JsonRpcMessage.Request request ? McpMethods.target(request.method(), request.params()) : null;
        addAll(out, exchange(direction, method, target), message);
      }
      default -> throw new IllegalArgumentException("unknown kind '" + kind + "' (text, tool, message)");
    }
    return out;
  }

  private void addAll(List<ObjectNode> out, Exchange exchange, JsonRpcMessage message) {
    for (Finding f : messages.detect(exchange, message)) {
      out.add(finding(f.category().wireName(), f.type(), f.severity().wireName(), f.rule(), f.start(), f.end(), f.pointer()));
    }
  }

  private static Direction direction(String value, String kind) {
    if (value == null) {
      return Direction.RESPONSE;
    }
    try {
      return Direction.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("direction must be request or response");
    }
  }

  private static Exchange exchange(Direction direction, String method, String target) {
    return new Exchange("scan", direction, method, target, null, "scan", null, null, Instant.EPOCH);
  }

  private static ObjectNode finding(String category, String type, String severity, String rule, int start, int end, String pointer) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("category", category).put("type", type).put("severity", severity).put("rule", rule)
        .put("start", start).put("end", end).put("pointer", pointer);
    return node;
  }

  private String error(ObjectNode out, JsonNode id, String message) {
    out.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    out.put("error", message);
    return write(out);
  }

  private String write(ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
