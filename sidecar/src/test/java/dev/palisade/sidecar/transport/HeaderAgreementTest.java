package dev.palisade.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.mcp.CodecLimits;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.ParseResult;
import dev.palisade.mcp.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeaderAgreementTest {
  private static final JsonRpcCodec CODEC = new JsonRpcCodec(CodecLimits.DEFAULTS);
  private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}";

  private static Payload payload(String json) {
    return ((ParseResult.Parsed) CODEC.parse(json.getBytes(StandardCharsets.UTF_8))).payload();
  }

  private static Optional<String> check(Map<String, String> headers, String body) {
    TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    return HeaderAgreement.check(caseInsensitive::get, payload(body));
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\"," + META + "}}";
  }

  @Test
  void agreeingStatelessRequestPasses() {
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "get_weather"),
        call("get_weather"))).isEmpty();
    assertThat(check(Map.of("mcp-protocol-version", "2026-07-28", "mcp-method", "tools/list"),
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}")).isEmpty();
  }

  @Test
  void headersThatDisagreeWithTheBodyAreRejected() {
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list", "Mcp-Name", "get_weather"),
        call("get_weather"))).hasValueSatisfying(r -> assertThat(r).contains("Mcp-Method"));
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "read_file"),
        call("delete_file"))).hasValueSatisfying(r -> assertThat(r).contains("Mcp-Name"));
    assertThat(check(Map.of("MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/call", "Mcp-Name", "get_weather"),
        call("get_weather"))).hasValueSatisfying(r -> assertThat(r).contains("protocol version"));
  }

  @Test
  void requiredHeadersMustBePresent() {
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call"), call("x"))).isPresent();
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Name", "x"), call("x"))).isPresent();
    assertThat(check(Map.of("Mcp-Method", "tools/call", "Mcp-Name", "x"), call("x")))
        .hasValueSatisfying(r -> assertThat(r).contains("missing MCP-Protocol-Version"));
  }

  @Test
  void base64EncodedNamesAreDecodedBeforeComparison() {
    String name = "Hello, \u4e16\u754c";
    String encoded = "=?base64?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", encoded),
        call(name))).isEmpty();
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "=?base64?!!!?="),
        call(name))).isPresent();
  }

  @Test
  void resourceReadsCompareTheUri() {
    String read = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\"," + META + "}}";
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "resources/read", "Mcp-Name", "file:///a"), read)).isEmpty();
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "resources/read", "Mcp-Name", "file:///b"), read)).isPresent();
  }

  @Test
  void statelessBatchesAreRejected() {
    assertThat(check(Map.of("MCP-Protocol-Version", "2026-07-28"),
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]")).isPresent();
  }

  @Test
  void olderRevisionsNeedNoHeadersButHeadersSentMustStillAgree() {
    String legacy = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"}}";
    assertThat(check(Map.of(), legacy)).isEmpty();
    assertThat(check(Map.of("MCP-Protocol-Version", "2025-06-18"), legacy)).isEmpty();
    assertThat(check(Map.of("Mcp-Method", "tools/list"), legacy)).isPresent();
    assertThat(check(Map.of("Mcp-Name", "b"), legacy)).isPresent();
    assertThat(check(Map.of(), "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]")).isEmpty();
  }
}
