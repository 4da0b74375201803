package dev.palisade.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and writes JSON-RPC 2.0 messages under {@link CodecLimits}.
 *
 * <p>Parsing is strict on purpose: duplicate keys, trailing data and invalid UTF-8 are rejected,
 * because a proxy and a server that read the same bytes differently are a smuggling hole.
 */
public final class JsonRpcCodec {
  private final CodecLimits limits;
  private final ObjectMapper mapper;

  public JsonRpcCodec(CodecLimits limits) {
    this.limits = limits;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxDocumentLength(limits.maxMessageBytes())
                    .maxStringLength(limits.maxMessageBytes())
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        new ObjectMapper(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  }

  public CodecLimits limits() {
    return limits;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public ParseResult parse(byte[] body) {
    return parse(body, 0, body.length);
  }

  public ParseResult parse(byte[] body, int offset, int length) {
    if (length > limits.maxMessageBytes()) {
      return new ParseResult.Rejected(JsonRpcErrorCodes.LIMIT_EXCEEDED, "message larger than " + limits.maxMessageBytes() + " bytes");
    }
    JsonNode root;
    try (JsonParser parser = mapper.createParser(body, offset, length)) {
      root = mapper.readTree(parser);
    } catch (StreamConstraintsException e) {
      return new ParseResult.Rejected(JsonRpcErrorCodes.LIMIT_EXCEEDED, "message exceeds nesting or size limits");
    } catch (JsonProcessingException e) {
      return new ParseResult.Rejected(JsonRpcErrorCodes.PARSE_ERROR, "Parse error: " + describe(e));
    } catch (IOException e) {
      return new ParseResult.Rejected(JsonRpcErrorCodes.PARSE_ERROR, "Parse error");
    }
    if (root == null || root.isMissingNode()) {
      return new ParseResult.Rejected(JsonRpcErrorCodes.PARSE_ERROR, "Parse error: empty body");
    }
    return toPayload(root);
  }

  /** Classifies an already parsed JSON value (an object or a batch array). */
  public ParseResult toPayload(JsonNode root) {
    if (root.isArray()) {
      if (root.isEmpty()) {
        return new ParseResult.Rejected(JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request: empty batch");
      }
      if (root.size() > limits.maxBatchSize()) {
        return new ParseResult.Rejected(JsonRpcErrorCodes.LIMIT_EXCEEDED, "batch larger than " + limits.maxBatchSize() + " messages");
      }
      List<JsonRpcMessage> messages = new ArrayList<>(root.size());
      for (JsonNode element : root) {
        JsonRpcMessage message = classify(element);
        if (message == null) {
          return new ParseResult.Rejected(JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request: batch element is not a JSON-RPC 2.0 message");
        }
        messages.add(message);
      }
      return new ParseResult.Parsed(new Payload(messages, true));
    }
    JsonRpcMessage message = classify(root);
    if (message == null) {
      return new ParseResult.Rejected(JsonRpcErrorCodes.INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message");
    }
    return new ParseResult.Parsed(Payload.single(message));
  }

  /** The message this object is, or {@code null} when it is not valid JSON-RPC 2.0. */
  public static JsonRpcMessage classify(JsonNode node) {
    if (!(node instanceof ObjectNode json) || !"2.0".equals(json.path("jsonrpc").textValue())) {
      return null;
    }
    JsonNode method = json.get("method");
    JsonNode id = json.get("id");
    if (method != null) {
      if (!method.isTextual() || json.has("result") || json.has("error")) {
        return null;
      }
      JsonNode params = json.get("params");
      if (params != null && !params.isObject() && !params.isArray()) {
        return null;
      }
      if (id == null) {
        return new JsonRpcMessage.Notification(method.textValue(), json);
      }
      return validRequestId(id) ? new JsonRpcMessage.Request(id, method.textValue(), json) : null;
    }
    if (id == null || !(validRequestId(id) || id.isNull())) {
      return null;
    }
    boolean hasResult = json.has("result");
    JsonNode error = json.get("error");
    if (hasResult == (error != null)) {
      return null;
    }
    if (hasResult) {
      return id.isNull() ? null : new JsonRpcMessage.Result(id, json);
    }
    JsonNode code = error.get("code");
    if (!error.isObject() || code == null || !code.canConvertToInt() || !code.isIntegralNumber()) {
      return null;
    }
    return new JsonRpcMessage.Error(id, code.intValue(), error.path("message").asText(""), json);
  }

  private static boolean validRequestId(JsonNode id) {
    return id.isTextual() || id.isIntegralNumber();
  }

  public byte[] encode(JsonNode json) {
    try {
      return mapper.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  public byte[] encode(Payload payload) {
    if (!payload.batch()) {
      return encode(payload.messages().get(0).json());
    }
    var array = JsonNodeFactory.instance.arrayNode(payload.messages().size());
    payload.messages().forEach(m -> array.add(m.json()));
    return encode(array);
  }

  /** A JSON-RPC error response; {@code id} may be null for errors about unidentifiable messages. */
  public static ObjectNode errorResponse(JsonNode id, int code, String message, JsonNode data) {
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    return response;
  }

  private static String describe(JsonProcessingException e) {
    // Jackson's messages quote the offending token, which may be a secret: report only where it failed.
    var location = e.getLocation();
    if (location == null || location.getByteOffset() < 0) {
      return "invalid JSON";
    }
    return "invalid JSON at byte " + location.getByteOffset();
  }
}
