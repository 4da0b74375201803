package dev.palisade.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the JSON-RPC codec. Under plain {@code mvn test} this replays the
 * committed inputs in {@code JsonRpcCodecFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes
 * (see the README's "Fuzzing" section).
 *
 * <p>Invariants: parsing never throws, and whatever the codec accepts it can write again and read
 * back as the same messages (a proxy that forwards what it cannot re-read would forward unscanned bytes).
 */
class JsonRpcCodecFuzzTest {
  private static final JsonRpcCodec CODEC = new JsonRpcCodec(new CodecLimits(64 * 1024, 16, 32));

  @FuzzTest(maxDuration = "10s")
  void parseNeverThrowsAndAcceptedPayloadsReencode(byte[] body) {
    ParseResult result = CODEC.parse(body);
    if (result instanceof ParseResult.Rejected rejected) {
      assertThat(rejected.code()).isIn(JsonRpcErrorCodes.PARSE_ERROR, JsonRpcErrorCodes.INVALID_REQUEST,
          JsonRpcErrorCodes.LIMIT_EXCEEDED);
      return;
    }
    Payload payload = ((ParseResult.Parsed) result).payload();
    assertThat(payload.messages()).isNotEmpty().hasSizeLessThanOrEqualTo(32);
    byte[] encoded = CODEC.encode(payload);
    ParseResult again = CODEC.parse(encoded);
    assertThat(again).isInstanceOf(ParseResult.Parsed.class);
    Payload reread = ((ParseResult.Parsed) again).payload();
    assertThat(reread.batch()).isEqualTo(payload.batch());
    assertThat(reread.messages()).hasSameSizeAs(payload.messages());
    for (int i = 0; i < payload.messages().size(); i++) {
      assertThat(reread.messages().get(i).json()).isEqualTo(payload.messages().get(i).json());
      assertThat(reread.messages().get(i).getClass()).isEqualTo(payload.messages().get(i).getClass());
    }
  }
}
