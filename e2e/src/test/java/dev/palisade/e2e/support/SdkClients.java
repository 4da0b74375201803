package dev.palisade.e2e.support;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Official MCP Java SDK clients for the tests. Every client declares elicitation and sampling and
 * answers them with fixed values, and records the log notifications it receives.
 */
public final class SdkClients {
  public static final String ELICITED_NAME = "Ada";
  public static final String SAMPLED_TEXT = "sampled by the test client";

  private SdkClients() {}

  /** A client of a connected session and the log notifications it received. */
  public record Connected(McpSyncClient client, List<LoggingMessageNotification> logs) implements AutoCloseable {
    @Override
    public void close() {
      client.closeGracefully();
    }
  }

  /** Streamable HTTP client for the endpoint {@code url} (origin plus path). */
  public static Connected streamable(URI url) {
    return connect(HttpClientStreamableHttpTransport.builder(origin(url)).endpoint(url.getPath()).build());
  }

  /** Legacy 2024-11-05 HTTP+SSE client; {@code url} is the SSE endpoint. */
  public static Connected legacySse(URI url) {
    return connect(HttpClientSseClientTransport.builder(origin(url)).sseEndpoint(url.getPath()).build());
  }

  private static Connected connect(McpClientTransport transport) {
    List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    McpSyncClient client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("palisade-e2e", "1.0.0").build())
        .requestTimeout(Duration.ofSeconds(20))
        .capabilities(McpSchema.ClientCapabilities.builder().elicitation().sampling().build())
        .elicitation(request -> ElicitResult.builder(ElicitResult.Action.ACCEPT)
            .content(Map.of("name", ELICITED_NAME)).build())
        .sampling(request -> CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
            .content(McpSchema.TextContent.builder(SAMPLED_TEXT).build()).model("e2e-fixed").build())
        .loggingConsumer(logs::add)
        .build();
    client.initialize();
    return new Connected(client, logs);
  }

  private static String origin(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority();
  }
}
