package dev.palisade.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRpcCodecTest {
  private final JsonRpcCodec codec = new JsonRpcCodec(new CodecLimits(1024, 8, 3));

  private ParseResult parse(String json) {
    return codec.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static int code(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Rejected.class);
    return ((ParseResult.Rejected) result).code();
  }

  private static Payload payload(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).payload();
  }

  @Test
  void classifiesEveryKindOfMessage() {
    assertThat(payload(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).messages().get(0))
        .isInstanceOf(JsonRpcMessage.Request.class);
    assertThat(payload(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).messages().get(0))
        .isInstanceOf(JsonRpcMessage.Notification.class);
    assertThat(payload(parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}")).messages().get(0))
        .isInstanceOf(JsonRpcMessage.Result.class);
    JsonRpcMessage error = payload(parse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"x\"}}")).messages().get(0);
    assertThat(error).isInstanceOf(JsonRpcMessage.Error.class);
    assertThat(((JsonRpcMessage.Error) error).code()).isEqualTo(-32600);
  }

  @Test
  void parsesBatchesInOrder() {
    Payload batch = payload(parse("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"method\":\"b\"}]"));
    assertThat(batch.batch()).isTrue();
    assertThat(batch.messages()).extracting(JsonRpcMessage::methodOrNull).containsExactly("a", "b");
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1"))).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
    assertThat(code(parse(""))).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"} trailing"))).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
  }

  @Test
  void rejectsDuplicateKeysBecauseServersMayReadTheOtherOne() {
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}")))
        .isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{\"x\":\"..\"}}".getBytes(StandardCharsets.UTF_8);
    body[body.length - 5] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    assertThat(code(codec.parse(body))).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
  }

  @Test
  void rejectsWhatIsNotJsonRpc() {
    assertThat(code(parse("{\"id\":1,\"method\":\"a\"}"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"a\"}"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"a\"}"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1}}"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":3}"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("[]"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("[1]"))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(code(parse("\"text\""))).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
  }

  @Test
  void limitsAreVerdictsNotExceptions() {
    String deep = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":" + "[".repeat(20) + "]".repeat(20) + "}";
    assertThat(code(parse(deep))).isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
    assertThat(code(codec.parse(new byte[2048]))).isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
    String batch = "[" + "{\"jsonrpc\":\"2.0\",\"method\":\"a\"},".repeat(3) + "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}]";
    assertThat(code(parse(batch))).isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
  }

  @Test
  void errorMessagesNeverQuotePayloadBytes() {
    ParseResult result = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{\"key\":AKIAIOSFODNN7SECRET}}");
    assertThat(((ParseResult.Rejected) result).reason()).doesNotContain("AKIA");
  }

  @Test
  void encodesErrorResponses() {
    var error = JsonRpcCodec.errorResponse(null, -32600, "bad", null);
    assertThat(new String(codec.encode(error), StandardCharsets.UTF_8))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"bad\"}}");
  }

  @Test
  void rewrittenMessagesKeepFloatsFloatsAndIntegersIntegers() {
    // found by JsonRpcCodecFuzzTest: 1.5e1 used to come back as the integer 15
    Payload payload = payload(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":"
        + "{\"a\":1.5e1,\"b\":1.0,\"c\":1.50,\"d\":2,\"e\":1e2,\"f\":-0.0}}"));
    assertThat(new String(codec.encode(payload), StandardCharsets.UTF_8))
        .endsWith("\"params\":{\"a\":15.0,\"b\":1.0,\"c\":1.50,\"d\":2,\"e\":1E+2,\"f\":0.0}}");
  }

  @Test
  void numbersWithAbsurdExponentsAreRejectedNotThrown() {
    // found by JsonRpcCodecFuzzTest: Jackson threw NumberFormatException out of parse
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":71e1000000770000}}")))
        .isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":1e999999999}}")))
        .isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
    assertThat(code(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":1e-5000}}")))
        .isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
    assertThat(payload(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"n\":1e308}}")).messages()).hasSize(1);
  }

  @Test
  void rewrittenMessagesWithCharactersBeyondTheBmpReadBack() {
    // found by JsonRpcCodecFuzzTest: keys were written as "\uD83D\uDE00", which Jackson's parser refuses
    Payload payload = payload(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"\uD83D\uDE00\":\"\uD83D\uDE00\"}}"));
    byte[] encoded = codec.encode(payload);
    assertThat(new String(encoded, StandardCharsets.UTF_8)).contains("\"\uD83D\uDE00\":\"\uD83D\uDE00\"");
    assertThat(payload(codec.parse(encoded)).messages().get(0).json()).isEqualTo(payload.messages().get(0).json());
  }

  /** Answers are matched to requests by id: a number and the same digits as a string are different ids. */
  @Test
  void idKeysTellNumbersFromStringsAndAgreeAcrossNumberWidths() {
    var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    assertThat(JsonRpcCodec.idKey(nodes.numberNode(7))).isEqualTo(JsonRpcCodec.idKey(nodes.numberNode(7L)))
        .isEqualTo(JsonRpcCodec.idKey(nodes.numberNode(java.math.BigInteger.valueOf(7))))
        .isNotEqualTo(JsonRpcCodec.idKey(nodes.textNode("7")));
    assertThat(JsonRpcCodec.idKey(nodes.textNode("a"))).isNotEqualTo(JsonRpcCodec.idKey(nodes.textNode("b")));
    assertThat(JsonRpcCodec.idKey(nodes.nullNode())).isNotEqualTo(JsonRpcCodec.idKey(nodes.textNode("null")));
  }
}
