package dev.palisade.mcp;

import java.util.List;

/**
 * The JSON-RPC content of one HTTP body or SSE event: a single message or a batch.
 *
 * @param messages the messages in wire order
 * @param batch whether they arrived as a JSON array
 */
public record Payload(List<JsonRpcMessage> messages, boolean batch) {
  public Payload {
    messages = List.copyOf(messages);
  }

  public static Payload single(JsonRpcMessage message) {
    return new Payload(List.of(message), false);
  }
}
