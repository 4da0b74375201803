package dev.palisade.policy.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.policy.ToolRole;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The wire form of a {@link SharedStep}, written by sidecars and read by the operator (and back):
 * <pre>
 * {"principal": "...", "server": "crm", "time": "2026-11-24T10:00:00Z", "direction": "response",
 *  "method": "tools/call", "tool": "query_customers", "roles": ["private-data"], "categories": ["pii"],
 *  "taint": ["pii"], "valueHashes": ["1f0c...16 hex"], "prints": ["9a3e...16 hex"]}
 * </pre>
 * Reading checks every field and bound, and names the field that is wrong.
 */
public final class SharedStepJson {
  public static final int MAX_TEXT = 512;
  public static final int MAX_VALUE_HASHES = 256;
  public static final int MAX_PRINTS = 1024;
  private static final HexFormat HEX = HexFormat.of();

  private SharedStepJson() {}

  public static ObjectNode write(SharedStep step) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("principal", step.principal());
    if (step.server() != null) {
      node.put("server", step.server());
    }
    node.put("time", step.time().toString());
    node.put("direction", step.direction().wireName());
    node.put("method", step.method());
    node.put("tool", step.tool());
    ArrayNode roles = node.putArray("roles");
    step.roles().forEach(role -> roles.add(role.wireName()));
    ArrayNode categories = node.putArray("categories");
    step.categories().forEach(category -> categories.add(category.wireName()));
    ArrayNode taint = node.putArray("taint");
    step.taint().forEach(category -> taint.add(category.wireName()));
    hex(node.putArray("valueHashes"), step.valueHashes());
    hex(node.putArray("prints"), step.prints());
    return node;
  }

  private static void hex(ArrayNode out, long[] values) {
    for (long value : values) {
      out.add(HEX.toHexDigits(value));
    }
  }

  /**
   * @param where names the node in error messages, e.g. {@code events[3]}
   * @throws IllegalArgumentException naming the field that is missing, malformed or too large
   */
  public static SharedStep read(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": must be an object");
    }
    String principal = text(node, "principal", where, true);
    Instant time;
    try {
      time = Instant.parse(text(node, "time", where, true));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + ".time: not an ISO-8601 instant");
    }
    Direction direction = switch (text(node, "direction", where, true)) {
      case "request" -> Direction.REQUEST;
      case "response" -> Direction.RESPONSE;
      default -> throw new IllegalArgumentException(where + ".direction: request or response");
    };
    return new SharedStep(principal, text(node, "server", where, false), time, direction,
        text(node, "method", where, false), text(node, "tool", where, false),
        words(node, "roles", where, ToolRole::fromWireName, ToolRole.class),
        words(node, "categories", where, Category::fromWireName, Category.class),
        words(node, "taint", where, Category::fromWireName, Category.class),
        hashes(node, "valueHashes", where, MAX_VALUE_HASHES), hashes(node, "prints", where, MAX_PRINTS));
  }

  private static String text(JsonNode node, String field, String where, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException(where + "." + field + ": required");
      }
      return null;
    }
    if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > MAX_TEXT) {
      throw new IllegalArgumentException(where + "." + field + ": a string of 1 to " + MAX_TEXT + " characters");
    }
    return value.textValue();
  }

  private static <E extends Enum<E>> Set<E> words(JsonNode node, String field, String where, Function<String, E> parse,
      Class<E> type) {
    Set<E> values = EnumSet.noneOf(type);
    JsonNode array = node.path(field);
    if (array.isMissingNode() || array.isNull()) {
      return values;
    }
    if (!array.isArray() || array.size() > type.getEnumConstants().length) {
      throw new IllegalArgumentException(where + "." + field + ": an array of known names");
    }
    for (JsonNode word : array) {
      try {
        values.add(parse.apply(word.asText("").toLowerCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "." + field + ": unknown name '" + word.asText("") + "'");
      }
    }
    return values;
  }

  private static long[] hashes(JsonNode node, String field, String where, int max) {
    JsonNode array = node.path(field);
    if (array.isMissingNode() || array.isNull()) {
      return new long[0];
    }
    if (!array.isArray() || array.size() > max) {
      throw new IllegalArgumentException(where + "." + field + ": an array of at most " + max + " hashes");
    }
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      String hex = array.get(i).asText("");
      if (hex.length() != 16 || !SharedStep.isHex(hex, 16)) {
        throw new IllegalArgumentException(where + "." + field + "[" + i + "]: 16 hex digits");
      }
      values[i] = HexFormat.fromHexDigitsToLong(hex);
    }
    return values;
  }
}
