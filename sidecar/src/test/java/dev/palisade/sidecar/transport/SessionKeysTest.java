package dev.palisade.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SessionKeysTest {
  @Test
  void traceIdsComeFromValidTraceparentsOnly() throws Exception {
    assertThat(SessionKeys.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEqualTo("trace:4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(SessionKeys.fromTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
    assertThat(SessionKeys.fromTraceparent("garbage")).isEmpty();
    assertThat(SessionKeys.fromTraceparent(null)).isEmpty();
    var message = new ObjectMapper().readTree(
        "{\"params\":{\"_meta\":{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}}");
    assertThat(SessionKeys.fromMeta(message)).isEqualTo("trace:4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void sessionIdsWinAndAreNamespaced() {
    assertThat(SessionKeys.fromSessionId("abc")).isEqualTo("mcp-session:abc");
    assertThat(SessionKeys.fromSessionId("")).isEmpty();
  }

  @Test
  void legacyEndpointsAreMadeRelativeSoClientsKeepUsingTheProxy() {
    assertThat(McpRoutes.relativeEndpoint("/message?sessionId=1")).isEqualTo("/message?sessionId=1");
    assertThat(McpRoutes.relativeEndpoint("http://10.0.0.7:8080/message?sessionId=1")).isEqualTo("/message?sessionId=1");
    assertThat(McpRoutes.relativeEndpoint("https://internal.example/mcp/messages/")).isEqualTo("/mcp/messages/");
    assertThat(McpRoutes.relativeEndpoint("//evil.example/x")).isEqualTo("/x");
    McpRoutes routes = new McpRoutes(URI.create("http://127.0.0.1:8080/mcp"));
    assertThat(routes.isMcpEndpoint("/mcp")).isTrue();
    assertThat(routes.isMcpEndpoint("/token")).isFalse();
    routes.learnLegacyMessageEndpoint("/message");
    assertThat(routes.isLegacyMessageEndpoint("/message")).isTrue();
  }
}
