package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.SchemaResolver;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JacksonNode;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates {@code tools/call} arguments against the tool's {@code inputSchema} (JSON Schema 2020-12,
 * the MCP default). Schemas come from the server, so they are untrusted: no reference is ever
 * resolved outside the schema itself, and compiled schemas are bounded (the validator is replaced
 * when too many were registered).
 */
public final class ArgumentValidator {
  private static final int MAX_SCHEMAS = 1024;
  private static final int MAX_REPORTED = 5;

  private final ValidatorFactory factory = new ValidatorFactory()
      .withDefaultDialect(new Dialects.Draft2020Dialect())
      .withJsonNodeFactory(new JacksonNode.Factory())
      .withSchemaResolver(uri -> SchemaResolver.Result.empty());
  private Validator validator = factory.createValidator();
  private final Map<String, URI> registered = new HashMap<>();

  /** Violations as short, value-free descriptions ({@code /city: required}); empty when valid. */
  public List<String> violations(JsonNode inputSchema, JsonNode arguments) {
    if (inputSchema == null || !inputSchema.isObject()) {
      return List.of();
    }
    JsonNode instance = arguments == null || arguments.isMissingNode() || arguments.isNull()
        ? JsonNodeFactory.instance.objectNode()
        : arguments;
    Validator.Result result;
    try {
      result = validate(inputSchema, instance);
    } catch (RuntimeException e) {
      return List.of(); // a schema that cannot be compiled is the server's problem, not a finding about the call
    }
    if (result.isValid()) {
      return List.of();
    }
    // keyword and location only: error texts may quote the argument values
    return result.getErrors().stream().limit(MAX_REPORTED)
        .map(error -> (error.getInstanceLocation().isEmpty() ? "/" : error.getInstanceLocation()) + ": " + error.getKeyword())
        .toList();
  }

  private synchronized Validator.Result validate(JsonNode schema, JsonNode instance) {
    String key = schema.toString();
    URI uri = registered.get(key);
    if (uri == null) {
      if (registered.size() >= MAX_SCHEMAS) {
        validator = factory.createValidator();
        registered.clear();
      }
      uri = validator.registerSchema(schema);
      registered.put(key, uri);
    }
    return validator.validate(uri, instance);
  }
}
