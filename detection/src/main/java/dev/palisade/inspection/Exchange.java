package dev.palisade.inspection;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The context of one message: where it goes, what it is about and who sent it. For a response,
 * {@code method} and {@code target} come from the request it answers.
 *
 * @param server name of the protected MCP server
 * @param direction request (agent to server) or response (server to agent)
 * @param method MCP method, or {@code null} when unknown (an answer to an unseen request)
 * @param target the tool name, prompt name or resource URI the message is about, or {@code null}
 * @param requestId JSON-RPC id, or {@code null} for notifications
 * @param sessionKey key that correlates the messages of one agent session
 * @param principal authenticated agent identity, {@code anonymous} when none
 * @param protocolVersion negotiated or declared MCP protocol version, or {@code null}
 * @param time when the message was seen
 * @param agent the client software's self-reported name ({@code clientInfo.name}), or {@code null};
 *     useful for policy, never proof of identity
 */
public record Exchange(
    String server,
    Direction direction,
    String method,
    String target,
    JsonNode requestId,
    String sessionKey,
    String principal,
    String protocolVersion,
    Instant time,
    String agent) {

  public static final String ANONYMOUS = "anonymous";

  public Exchange(String server, Direction direction, String method, String target, JsonNode requestId,
      String sessionKey, String principal, String protocolVersion, Instant time) {
    this(server, direction, method, target, requestId, sessionKey, principal, protocolVersion, time, null);
  }

  public Exchange {
    principal = principal == null ? ANONYMOUS : principal;
    sessionKey = sessionKey == null ? "" : sessionKey;
  }
}
