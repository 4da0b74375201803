package dev.palisade.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
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
            // Jackson otherwise writes U+10000 and above as escaped surrogate pairs, and its own parser
            // refuses those in member names: a rewritten message with an emoji key could not be read
            // again (found by fuzzing). Plain 4-byte UTF-8 reads back everywhere.
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    this.mapper =
        new ObjectMapper(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .setNodeFactory(DecimalsStayDecimal.INSTANCE);
  }

  /** Largest decimal exponent (either sign) accepted; doubles end near 308, so no real message comes close. */
  private static final int MAX_DECIMAL_SCALE = 1000;

  /**
   * Keeps a JSON float a float when a rewritten message is written again: {@code 1.5e1} parses to a
   * BigDecimal of scale 0, which would be written as the integer {@code 15} (found by fuzzing). Scale
   * 0 becomes scale 1 ({@code 15.0}), the same value; other decimals are kept exactly as read.
   * Exponents past {@link #MAX_DECIMAL_SCALE} are refused: {@code 1e999999999} is a few bytes that
   * any consumer calling {@code toPlainString} or {@code toBigInteger} turns into a gigabyte.
   */
  private static final class DecimalsStayDecimal extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;
    static final DecimalsStayDecimal INSTANCE = new DecimalsStayDecimal();

    private DecimalsStayDecimal() {
      super(true);
    }

    @Override
    public com.fasterxml.jackson.databind.node.ValueNode numberNode(BigDecimal value) {
      if (value != null && Math.abs((long) value.scale()) > MAX_DECIMAL_SCALE) {
        throw new NumberOutOfRange();
      }
      if (value != null && value.scale() == 0) {
        return super.numberNode(value.setScale(1));
      }
      return super.numberNode(value);
    }
  }

  /** Thrown from inside tree building to abandon a document with an out-of-range number. */
  private static final class NumberOutOfRange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NumberOutOfRange() {
      super(null, null, false, false);
    }
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
    } catch (NumberOutOfRange e) {
      return new ParseResult.Rejected(JsonRpcErrorCodes.LIMIT_EXCEEDED, "number exponent out of range");
    } catch (NumberFormatException e) {
      // Jackson reports some unparseable numbers (an exponent too long for BigDecimal, found by
      // fuzzing) unchecked, outside its JsonProcessingException hierarchy
      return new ParseResult.Rejected(JsonRpcErrorCodes.PARSE_ERROR, "Parse error: invalid number");
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

  /**
   * A map key for a request id that tells {@code 1} from {@code "1"}; cheaper than the id's JSON
   * text, which runs the serialiser (ids are looked up on every answer).
   */
  public static String idKey(JsonNode id) {
    if (id.isTextual()) {
      return "s" + id.textValue();
    }
    if (id.isIntegralNumber()) {
      return "n" + id.asText();
    }
    return "j" + id;
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
