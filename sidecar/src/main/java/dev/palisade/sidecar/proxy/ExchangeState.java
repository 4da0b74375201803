package dev.palisade.sidecar.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.sidecar.session.RequestInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the proxy knows about one HTTP exchange while it is in flight: who is talking, in which
 * session, and which of the client's requests still await an answer on this exchange.
 */
final class ExchangeState {
  static final String KEY = "palisade.exchange";

  private final Map<String, PendingRequest> pending = new LinkedHashMap<>();
  private String sessionKey;
  private final String principal;
  private String protocolVersion;
  private boolean carriesMcp;
  private boolean localResponse;
  private String agent;
  private List<byte[]> owedToUpstream = List.of();

  record PendingRequest(JsonNode id, RequestInfo info) {}

  ExchangeState(String sessionKey, String principal, String protocolVersion) {
    this.sessionKey = sessionKey;
    this.principal = principal;
    this.protocolVersion = protocolVersion;
  }

  String sessionKey() {
    return sessionKey;
  }

  void sessionKey(String key) {
    this.sessionKey = key;
  }

  String principal() {
    return principal;
  }

  /** The client software's self-reported name, when known. */
  String agent() {
    return agent;
  }

  void agent(String name) {
    this.agent = name;
  }

  String protocolVersion() {
    return protocolVersion;
  }

  void protocolVersion(String version) {
    this.protocolVersion = version;
  }

  /** Whether the request body was JSON-RPC (so the answer must be MCP content too). */
  boolean carriesMcp() {
    return carriesMcp;
  }

  void carriesMcp(boolean value) {
    this.carriesMcp = value;
  }

  /** Whether the response was made by the proxy itself and needs no inspection. */
  boolean localResponse() {
    return localResponse;
  }

  void localResponse(boolean value) {
    this.localResponse = value;
  }

  void expect(JsonNode id, RequestInfo info) {
    pending.put(JsonRpcCodec.idKey(id), new PendingRequest(id, info));
  }

  /** The request an answer on this exchange belongs to, forgotten once answered; {@code null} if unknown. */
  RequestInfo answered(JsonNode id) {
    PendingRequest request = id == null ? null : pending.remove(JsonRpcCodec.idKey(id));
    return request == null ? null : request.info();
  }

  /** Requests of this exchange that have not been answered yet. */
  Iterable<PendingRequest> unanswered() {
    return pending.values();
  }

  boolean hasUnanswered() {
    return !pending.isEmpty();
  }

  void forgetUnanswered() {
    pending.clear();
  }

  /** Records an answer the server is owed: its request to the client was blocked, so it gets an error instead. */
  void oweUpstream(byte[] answer) {
    if (owedToUpstream.isEmpty()) {
      owedToUpstream = new java.util.ArrayList<>(1);
    }
    owedToUpstream.add(answer);
  }

  /** The answers owed to the server so far, forgotten once taken. */
  List<byte[]> takeOwedToUpstream() {
    List<byte[]> owed = owedToUpstream;
    owedToUpstream = List.of();
    return owed;
  }
}
