package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates {@code tools/call} arguments against the tool's {@code inputSchema} (JSON Schema 2020-12,
 * the MCP default). Schemas come from the server, so they are untrusted: remote and file references
 * are never fetched, and compiled schemas are cached in a bounded map keyed by their text.
 */
public final class ArgumentValidator {
  private static final int MAX_CACHED = 1024;
  private static final int MAX_REPORTED = 5;

  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
          .block(iri -> !iri.toString().startsWith("https://json-schema.org/"))));
  private final LinkedHashMap<String, Schema> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
      return size() > MAX_CACHED;
    }
  };

  /** Violations as short, value-free descriptions ({@code $.city: required}); empty when valid. */
  public List<String> violations(JsonNode inputSchema, JsonNode arguments) {
    if (inputSchema == null || !inputSchema.isObject()) {
      return List.of();
    }
    Schema schema;
    try {
      schema = schema(inputSchema);
    } catch (RuntimeException e) {
      return List.of(); // a schema we cannot compile is the server's problem, not a finding about the call
    }
    JsonNode instance = arguments == null || arguments.isMissingNode() || arguments.isNull()
        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        : arguments;
    List<Error> errors = schema.validate(instance);
    return errors.stream().limit(MAX_REPORTED)
        .map(error -> error.getInstanceLocation() + ": " + error.getMessageKey())
        .toList();
  }

  private synchronized Schema schema(JsonNode inputSchema) {
    String key = inputSchema.toString();
    Schema schema = cache.get(key);
    if (schema == null) {
      schema = registry.getSchema(inputSchema);
      cache.put(key, schema);
    }
    return schema;
  }
}
