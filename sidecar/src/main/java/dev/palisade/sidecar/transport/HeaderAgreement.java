package dev.palisade.sidecar.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.McpMethods;
import dev.palisade.mcp.Payload;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks that the MCP 2026-07-28 routing headers ({@code MCP-Protocol-Version}, {@code Mcp-Method},
 * {@code Mcp-Name}) agree with the JSON-RPC body. Anything in front of the server may route on the
 * headers while the server executes the body, so a disagreement is request smuggling and the request
 * must not reach the server.
 *
 * <p>For older revisions the headers are optional, but when a client sends them anyway they must
 * still agree: a proxy that lets them disagree is the same hole.
 */
public final class HeaderAgreement {
  public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
  public static final String METHOD = "Mcp-Method";
  public static final String NAME = "Mcp-Name";

  private HeaderAgreement() {}

  /**
   * @param header looks up a request header by (case-insensitive) name, {@code null} when absent
   * @return the disagreement, or empty when headers and body agree
   */
  public static Optional<String> check(Function<String, String> header, Payload payload) {
    String version = header.apply(PROTOCOL_VERSION);
    String method = header.apply(METHOD);
    String name = header.apply(NAME);
    JsonRpcMessage first = payload.messages().get(0);
    String bodyVersion = metaVersion(first);
    boolean stateless = ProtocolVersions.atLeast(version, ProtocolVersions.STATELESS)
        || ProtocolVersions.atLeast(bodyVersion, ProtocolVersions.STATELESS);
    if (!stateless) {
      return payload.batch() ? Optional.empty() : checkOptional(first, method, name);
    }
    if (payload.batch()) {
      return Optional.of("batches are not allowed in protocol version " + ProtocolVersions.STATELESS);
    }
    if (version == null) {
      return Optional.of("missing " + PROTOCOL_VERSION + " header");
    }
    if (bodyVersion != null && !bodyVersion.equals(version)) {
      return Optional.of(PROTOCOL_VERSION + " header does not match _meta protocol version");
    }
    if (first instanceof JsonRpcMessage.Request && method == null) {
      return Optional.of("missing " + METHOD + " header");
    }
    if (first instanceof JsonRpcMessage.Request request && bodyName(request) != null && name == null) {
      return Optional.of("missing " + NAME + " header for " + request.method());
    }
    return checkOptional(first, method, name);
  }

  private static Optional<String> checkOptional(JsonRpcMessage message, String method, String name) {
    String bodyMethod = message.methodOrNull();
    if (method != null && !method.equals(bodyMethod)) {
      return Optional.of(METHOD + " header does not match the body's method");
    }
    if (name != null && message instanceof JsonRpcMessage.Request request) {
      String bodyName = bodyName(request);
      if (bodyName == null) {
        return Optional.empty();
      }
      String decoded = decode(name);
      if (decoded == null) {
        return Optional.of(NAME + " header is not validly encoded");
      }
      if (!decoded.equals(bodyName)) {
        return Optional.of(NAME + " header does not match the body");
      }
    }
    return Optional.empty();
  }

  /** The value {@code Mcp-Name} must carry for this request, or {@code null} when it has none. */
  static String bodyName(JsonRpcMessage.Request request) {
    return McpMethods.target(request.method(), request.params());
  }

  static String metaVersion(JsonRpcMessage message) {
    JsonNode version = message.json().path("params").path("_meta").path(ProtocolVersions.META_PROTOCOL_VERSION);
    return version.isTextual() ? version.textValue() : null;
  }

  /** Decodes the {@code =?base64?...?=} form of header values; plain values pass unchanged. */
  static String decode(String value) {
    if (!value.startsWith("=?base64?") || !value.endsWith("?=") || value.length() < 11) {
      return value;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(value.substring(9, value.length() - 2));
      var decoder = StandardCharsets.UTF_8.newDecoder();
      return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }
}
