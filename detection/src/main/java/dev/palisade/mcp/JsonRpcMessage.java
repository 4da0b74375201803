package dev.palisade.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 message as it travels between an MCP client and server. Every variant keeps the
 * parsed object it came from, so inspectors can read any field and redaction can rewrite it in place.
 */
public sealed interface JsonRpcMessage
    permits JsonRpcMessage.Request, JsonRpcMessage.Notification, JsonRpcMessage.Result, JsonRpcMessage.Error {

  ObjectNode json();

  /** The request or response id; {@code null} for notifications. */
  JsonNode id();

  /** A call that expects an answer. */
  record Request(JsonNode id, String method, ObjectNode json) implements JsonRpcMessage {
    public JsonNode params() {
      return json.path("params");
    }
  }

  /** A one-way message. */
  record Notification(String method, ObjectNode json) implements JsonRpcMessage {
    @Override
    public JsonNode id() {
      return null;
    }

    public JsonNode params() {
      return json.path("params");
    }
  }

  /** A successful answer. */
  record Result(JsonNode id, ObjectNode json) implements JsonRpcMessage {
    public JsonNode result() {
      return json.path("result");
    }
  }

  /** An error answer; {@code id} is JSON null when the request could not be identified. */
  record Error(JsonNode id, int code, String message, ObjectNode json) implements JsonRpcMessage {}

  /** The method of a request or notification, else {@code null}. */
  default String methodOrNull() {
    if (this instanceof Request r) {
      return r.method();
    }
    if (this instanceof Notification n) {
      return n.method();
    }
    return null;
  }
}
