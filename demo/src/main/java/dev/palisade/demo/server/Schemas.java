package dev.palisade.demo.server;

import java.util.List;
import java.util.Map;

/** Builds the small JSON Schemas of the demo tools' inputs. */
final class Schemas {
  private Schemas() {}

  static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  static Map<String, Object> object(Map<String, Object> properties, String... required) {
    return Map.of("type", "object", "properties", properties, "required", List.of(required));
  }
}
