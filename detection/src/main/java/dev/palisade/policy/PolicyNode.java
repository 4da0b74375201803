package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A position in a policy document while it is read: the node and its path ({@code spec.rules[2].action}),
 * so every error names the exact field. Unknown fields are errors too: a misspelt condition must not
 * silently match everything.
 */
final class PolicyNode {
  private final String source;
  private final String path;
  private final JsonNode node;

  PolicyNode(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
  }

  String path() {
    return path;
  }

  PolicyException error(String problem) {
    return new PolicyException(source, path, problem);
  }

  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  PolicyNode get(String field) {
    return new PolicyNode(source, path.isEmpty() ? field : path + "." + field, node.path(field));
  }

  boolean missing() {
    return node.isMissingNode() || node.isNull();
  }

  void allowOnly(Set<String> fields) {
    if (missing()) {
      return;
    }
    if (!node.isObject()) {
      throw error("expected a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        throw get(field).error("unknown field (expected one of " + String.join(", ", new java.util.TreeSet<>(fields)) + ")");
      }
    }
  }

  String text(String defaultValue) {
    if (missing()) {
      return defaultValue;
    }
    if (!node.isValueNode()) {
      throw error("expected a string");
    }
    return node.asText();
  }

  String requiredText() {
    String value = text(null);
    if (value == null || value.isBlank()) {
      throw error("is required");
    }
    return value;
  }

  int integer(int defaultValue, int min) {
    if (missing()) {
      return defaultValue;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw error("expected a whole number");
    }
    if (node.intValue() < min) {
      throw error("must be at least " + min);
    }
    return node.intValue();
  }

  List<PolicyNode> list() {
    if (missing()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("expected a list");
    }
    List<PolicyNode> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(new PolicyNode(source, path + "[" + i + "]", node.get(i)));
    }
    return items;
  }

  List<String> texts() {
    if (!missing() && node.isValueNode()) {
      return List.of(node.asText()); // a single value where a list is expected is accepted
    }
    return list().stream().map(PolicyNode::requiredText).toList();
  }

  GlobSet globs() {
    List<Glob> globs = new ArrayList<>();
    for (PolicyNode item : missing() || node.isValueNode() ? List.of(this) : list()) {
      if (item.missing()) {
        continue;
      }
      try {
        globs.add(Glob.of(item.requiredText()));
      } catch (IllegalArgumentException e) {
        throw item.error("invalid pattern: " + e.getMessage());
      }
    }
    return new GlobSet(globs);
  }

  <E extends Enum<E>> E enumValue(Class<E> type, E defaultValue, BiFunction<Class<E>, String, E> parse) {
    if (missing()) {
      return defaultValue;
    }
    String text = requiredText();
    try {
      return parse.apply(type, text);
    } catch (IllegalArgumentException e) {
      StringBuilder expected = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        expected.append(expected.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw error("'" + text + "' is not one of " + expected);
    }
  }

  static <E extends Enum<E>> E wireEnum(Class<E> type, String text) {
    return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  Duration duration(Duration defaultValue) {
    if (missing()) {
      return defaultValue;
    }
    String text = requiredText().trim();
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text);
      }
      int split = 0;
      while (split < text.length() && Character.isDigit(text.charAt(split))) {
        split++;
      }
      long amount = Long.parseLong(text.substring(0, split));
      Duration duration = switch (text.substring(split).trim()) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw new IllegalArgumentException();
      };
      if (duration.isZero()) {
        throw error("must be longer than zero");
      }
      return duration;
    } catch (RuntimeException e) {
      if (e instanceof PolicyException p) {
        throw p;
      }
      throw error("'" + text + "' is not a duration (e.g. 30s, 5m, 1h or PT5M)");
    }
  }

  JsonNode raw() {
    return node;
  }
}
