package dev.palisade.sidecar.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Exchange;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcErrorCodes;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.ParseResult;
import dev.palisade.mcp.Payload;
import dev.palisade.sidecar.config.ProxyLimits;
import dev.palisade.sidecar.identity.AgentTokens;
import dev.palisade.sidecar.identity.IdentityResolver;
import dev.palisade.sidecar.identity.Principal;
import dev.palisade.sidecar.metrics.SidecarMetrics;
import dev.palisade.sidecar.session.RequestCorrelator;
import dev.palisade.sidecar.transport.HeaderAgreement;
import dev.palisade.sidecar.transport.McpRoutes;
import dev.palisade.sidecar.transport.ProtocolVersions;
import dev.palisade.sidecar.transport.SessionKeys;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The MCP-aware step of the proxy. On the way in it reads each POST body (bounded), checks the
 * 2026-07-28 routing headers, inspects every JSON-RPC message and either forwards the body (as is,
 * or rewritten) or answers by itself. On the way out it inspects JSON answers whole and SSE answers
 * event by event. Whatever it cannot scan it refuses with a clear HTTP status and JSON-RPC error.
 */
final class McpProxyInterceptor implements ProxyInterceptor {
  private static final String APPLICATION_JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream";

  private final Vertx vertx;
  private final ProxyLimits limits;
  private final PayloadInspector inspector;
  private final RequestCorrelator correlator;
  private final McpRoutes routes;
  private final SidecarMetrics metrics;
  private final IdentityResolver identities;
  private final UpstreamAnswers upstreamAnswers;
  private final AgentTokens agentTokens;

  /** @param agentTokens verifies agents' ServiceAccount tokens through the operator, or {@code null} without one */
  McpProxyInterceptor(Vertx vertx, ProxyLimits limits, PayloadInspector inspector, RequestCorrelator correlator,
      McpRoutes routes, SidecarMetrics metrics, IdentityResolver identities, UpstreamAnswers upstreamAnswers,
      AgentTokens agentTokens) {
    this.agentTokens = agentTokens;
    this.vertx = vertx;
    this.limits = limits;
    this.inspector = inspector;
    this.correlator = correlator;
    this.routes = routes;
    this.metrics = metrics;
    this.identities = identities;
    this.upstreamAnswers = upstreamAnswers;
  }

  // ---------------------------------------------------------------- requests

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    HttpServerRequest inbound = request.proxiedRequest();
    String agentToken = request.headers().get(AgentTokens.HEADER);
    if (agentToken != null) {
      request.headers().remove(AgentTokens.HEADER); // a credential for the sidecar, never for the server
      if (agentTokens == null) {
        return refuseIdentity(context, "agent tokens are not verified by this sidecar (no control plane)");
      }
      return Future.fromCompletionStage(agentTokens.principal(agentToken), vertx.getOrCreateContext())
          .transform(verified -> {
            if (verified.failed()) {
              metrics.upstreamError("token_review");
              return refuseIdentity(context, "the agent token cannot be verified now");
            }
            return verified.result().isPresent()
                ? handleRequest(context, new IdentityResolver.Known(new Principal(verified.result().get(), Principal.Source.KUBERNETES)))
                : refuseIdentity(context, "the agent token is not valid");
          });
    }
    return handleRequest(context, identities.resolve(inbound));
  }

  private Future<ProxyResponse> refuseIdentity(ProxyContext context, String reason) {
    return handleRequest(context, new IdentityResolver.Refused(reason));
  }

  private Future<ProxyResponse> handleRequest(ProxyContext context, IdentityResolver.Result identity) {
    ProxyRequest request = context.request();
    HttpServerRequest inbound = request.proxiedRequest();
    String principal = identity instanceof IdentityResolver.Known known ? known.principal().name() : Exchange.ANONYMOUS;
    ExchangeState state = new ExchangeState(sessionKey(inbound), principal,
        request.headers().get(HeaderAgreement.PROTOCOL_VERSION));
    state.agent(correlator.agent(state.sessionKey()));
    context.set(ExchangeState.KEY, state);
    if (identity instanceof IdentityResolver.Refused refused) {
      metrics.limitHit("invalid_token");
      inspector.recordRefusal(state, Direction.REQUEST, null, "credential refused: " + refused.reason());
      Future<ProxyResponse> reply = reply(context, state, 401, error(null, JsonRpcErrorCodes.INVALID_REQUEST,
          "Unauthorized: " + refused.reason()), false);
      return reply.onSuccess(r -> r.putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }
    // The proxy must read what the server says, so it never lets the server compress.
    request.headers().remove(HttpHeaders.ACCEPT_ENCODING);
    String encoding = request.headers().get(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !"identity".equalsIgnoreCase(encoding.trim())) {
      metrics.limitHit("content_encoding");
      return reply(context, state, 415, error(null, JsonRpcErrorCodes.INVALID_REQUEST,
          "Compressed request bodies cannot be inspected (Content-Encoding: " + encoding + ")"), true);
    }
    if (request.getMethod() == HttpMethod.POST) {
      return inspectRequestBody(context, state);
    }
    if (request.getMethod() == HttpMethod.DELETE && !state.sessionKey().isEmpty()) {
      correlator.endSession(state.sessionKey());
    }
    return forward(context, state);
  }

  private String sessionKey(HttpServerRequest inbound) {
    String session = SessionKeys.fromSessionId(inbound.getHeader(SessionKeys.SESSION_HEADER));
    if (!session.isEmpty()) {
      return session;
    }
    if (routes.isLegacyMessageEndpoint(inbound.path())) {
      return SessionKeys.fromLegacyEndpoint(inbound.uri());
    }
    return SessionKeys.fromTraceparent(inbound.getHeader("traceparent"));
  }

  private Future<ProxyResponse> inspectRequestBody(ProxyContext context, ExchangeState state) {
    ProxyRequest request = context.request();
    long declared = contentLength(request.headers());
    return BodyCollector.collect(vertx, request.getBody().stream(), declared, limits.maxMessageBytes(),
            limits.bodyReadTimeout(), "request")
        .transform(read -> {
          if (read.failed()) {
            return refuseBody(context, state, read.cause());
          }
          return inspectAndForward(context, state, read.result());
        });
  }

  private Future<ProxyResponse> refuseBody(ProxyContext context, ExchangeState state, Throwable cause) {
    if (cause instanceof LimitExceeded limit) {
      metrics.limitHit(limit.limit());
      inspector.recordRefusal(state, Direction.REQUEST, null, limit.getMessage());
      return reply(context, state, limit.httpStatus(), error(null, JsonRpcErrorCodes.LIMIT_EXCEEDED, limit.getMessage()), true);
    }
    // the client went away while sending: nobody is left to answer
    return reply(context, state, 400, error(null, JsonRpcErrorCodes.INVALID_REQUEST, "request body could not be read"), true);
  }

  private Future<ProxyResponse> inspectAndForward(ProxyContext context, ExchangeState state, Buffer body) {
    ProxyRequest request = context.request();
    ParseResult parsed = parse(body);
    if (parsed instanceof ParseResult.Rejected rejected) {
      if (!mustBeMcp(request)) {
        request.setBody(Bodies.of(body, request.headers().get(HttpHeaders.CONTENT_TYPE)));
        return forward(context, state); // not MCP traffic (an OAuth form post, say): not ours to judge
      }
      if (rejected.code() == JsonRpcErrorCodes.LIMIT_EXCEEDED) {
        metrics.limitHit("request_message_limits");
      }
      inspector.recordRefusal(state, Direction.REQUEST, null, rejected.reason());
      int status = rejected.code() == JsonRpcErrorCodes.LIMIT_EXCEEDED ? 413 : 400;
      return reply(context, state, status, error(null, rejected.code(), rejected.reason()), false);
    }
    Payload payload = ((ParseResult.Parsed) parsed).payload();
    state.carriesMcp(true);
    Optional<String> mismatch = HeaderAgreement.check(request.headers()::get, payload);
    if (mismatch.isPresent()) {
      metrics.limitHit("header_mismatch");
      JsonRpcMessage first = payload.messages().get(0);
      inspector.recordRefusal(state, Direction.REQUEST, first.methodOrNull(), "HeaderMismatch: " + mismatch.get());
      JsonNode id = payload.batch() ? null : first.id();
      return reply(context, state, 400, error(id, JsonRpcErrorCodes.HEADER_MISMATCH, "HeaderMismatch: " + mismatch.get()), false);
    }
    learnContext(state, payload);
    PayloadOutcome outcome = inspector.inspect(state, Direction.REQUEST, payload, body.length());
    if (outcome.refused()) {
      Future<ProxyResponse> reply = reply(context, state, outcome.refusalStatus(), outcome.refusal(), false);
      if (outcome.retryAfterSeconds() > 0) {
        reply.onSuccess(r -> r.putHeader("Retry-After", Long.toString(outcome.retryAfterSeconds())));
      }
      return reply;
    }
    Buffer forwarded = outcome.changed() ? Buffer.buffer(outcome.forward()) : body;
    request.setBody(Bodies.of(forwarded, request.headers().get(HttpHeaders.CONTENT_TYPE)));
    return forward(context, state);
  }

  private void learnContext(ExchangeState state, Payload payload) {
    JsonRpcMessage first = payload.messages().get(0);
    if (state.protocolVersion() == null) {
      JsonNode version = first.json().path("params").path("_meta").path(ProtocolVersions.META_PROTOCOL_VERSION);
      JsonNode initializeVersion = first.json().path("params").path("protocolVersion");
      state.protocolVersion(version.isTextual() ? version.textValue()
          : "initialize".equals(first.methodOrNull()) && initializeVersion.isTextual() ? initializeVersion.textValue() : null);
    }
    if (state.sessionKey().isEmpty()) {
      state.sessionKey(SessionKeys.fromMeta(first.json()));
    }
    JsonNode params = first.json().path("params");
    JsonNode clientInfo = "initialize".equals(first.methodOrNull()) ? params.path("clientInfo")
        : params.path("_meta").path("io.modelcontextprotocol/clientInfo");
    if (clientInfo.path("name").isTextual()) {
      state.agent(clientInfo.path("name").textValue());
    }
  }

  private boolean mustBeMcp(ProxyRequest request) {
    return routes.isMcpEndpoint(request.proxiedRequest().path()) || isJson(request.headers().get(HttpHeaders.CONTENT_TYPE));
  }

  private Future<ProxyResponse> forward(ProxyContext context, ExchangeState state) {
    return context.sendRequest().recover(failure -> {
      boolean timeout = failure instanceof TimeoutException
          || failure.getClass().getSimpleName().contains("Timeout");
      metrics.upstreamError(timeout ? "timeout" : "connect");
      inspector.recordRefusal(state, Direction.REQUEST, null, "upstream unavailable: " + failure.getClass().getSimpleName());
      String message = timeout ? "Upstream MCP server did not answer in time" : "Upstream MCP server is unavailable";
      return reply(context, state, timeout ? 504 : 502, unansweredErrors(state, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE, message), false);
    });
  }

  // ---------------------------------------------------------------- responses

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    ExchangeState state = context.get(ExchangeState.KEY, ExchangeState.class);
    ProxyResponse response = context.response();
    if (state == null || state.localResponse()) {
      return context.sendResponse();
    }
    learnSession(state, response);
    MultiMap headers = response.headers();
    String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
    String encoding = headers.get(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !"identity".equalsIgnoreCase(encoding.trim())) {
      return failResponse(context, state, "bad_response", "Upstream MCP server sent a compressed answer that cannot be inspected");
    }
    if (isEventStream(contentType)) {
      return streamEvents(context, state, response, contentType);
    }
    if (isJson(contentType)) {
      return inspectJsonResponse(context, state, response, contentType);
    }
    if (state.carriesMcp() && isSuccess(response.getStatusCode()) && mayHaveBody(response)) {
      return failResponse(context, state, "bad_response",
          "Upstream MCP server answered with an unsupported content type: " + contentType);
    }
    return context.sendResponse(); // no MCP content: 202 Accepted, 405, OAuth metadata, ...
  }

  private void learnSession(ExchangeState state, ProxyResponse response) {
    String sessionId = response.headers().get(SessionKeys.SESSION_HEADER);
    if (sessionId != null && state.sessionKey().isEmpty()) {
      state.sessionKey(SessionKeys.fromSessionId(sessionId));
      correlator.rememberAgent(state.sessionKey(), state.agent());
    }
  }

  private Future<Void> streamEvents(ProxyContext context, ExchangeState state, ProxyResponse response, String contentType) {
    if (metrics.openStreams().get() >= limits.maxOpenStreams()) {
      metrics.limitHit("open_streams");
      response.release();
      return sendLocal(context, state, 503, unansweredErrors(state, JsonRpcErrorCodes.LIMIT_EXCEEDED,
          "Too many open streams through this proxy; retry later"));
    }
    HttpServerRequest inbound = context.request().proxiedRequest();
    String sessionId = inbound.getHeader(SessionKeys.SESSION_HEADER) != null ? inbound.getHeader(SessionKeys.SESSION_HEADER)
        : response.headers().get(SessionKeys.SESSION_HEADER);
    String protocolVersion = inbound.getHeader(HeaderAgreement.PROTOCOL_VERSION);
    SseEventInspection events = new SseEventInspection(state, inspector, routes, metrics, answer ->
        upstreamAnswers.send(answerUri(state, inbound), sessionId, protocolVersion, answer));
    var upstream = response.proxiedResponse();
    InspectingSseStream stream = new InspectingSseStream(vertx, response.getBody().stream(), limits.maxSseEventBytes(),
        limits.streamIdleTimeout(), events, () -> upstream.request().reset());
    context.request().proxiedRequest().response().closeHandler(v -> events.onClose());
    response.headers().remove(HttpHeaders.CONTENT_LENGTH);
    response.headers().remove(HttpHeaders.CONTENT_TYPE);
    response.setBody(Bodies.streaming(stream, contentType));
    return context.sendResponse();
  }

  /** Where the client would post its answers: the legacy message endpoint, else the stream's own endpoint. */
  private static String answerUri(ExchangeState state, HttpServerRequest inbound) {
    String legacy = "legacy:";
    return state.sessionKey().startsWith(legacy) ? state.sessionKey().substring(legacy.length()) : inbound.path();
  }

  private Future<Void> inspectJsonResponse(ProxyContext context, ExchangeState state, ProxyResponse response,
      String contentType) {
    long declared = contentLength(response.headers());
    return BodyCollector.collect(vertx, response.getBody().stream(), declared, limits.maxMessageBytes(),
            limits.responseTimeout(), "response")
        .transform(read -> {
          if (read.failed()) {
            Throwable cause = read.cause();
            if (cause instanceof LimitExceeded limit) {
              metrics.limitHit(limit.limit());
              response.proxiedResponse().request().reset();
              return sendLocal(context, state, 502, unansweredErrors(state, JsonRpcErrorCodes.LIMIT_EXCEEDED,
                  "Upstream answer exceeded the proxy's limits: " + limit.getMessage()));
            }
            return failResponse(context, state, "stream_failed", "Upstream MCP server failed while answering");
          }
          return inspectJsonBody(context, state, response, contentType, read.result());
        });
  }

  private Future<Void> inspectJsonBody(ProxyContext context, ExchangeState state, ProxyResponse response,
      String contentType, Buffer body) {
    response.headers().remove(HttpHeaders.CONTENT_TYPE);
    if (body.length() == 0) {
      response.setBody(Bodies.of(body, contentType));
      return context.sendResponse();
    }
    ParseResult parsed = parse(body);
    if (parsed instanceof ParseResult.Rejected rejected) {
      if (!state.carriesMcp() || !isSuccess(response.getStatusCode())) {
        // JSON that is not JSON-RPC: an HTTP error document (a 404 for an ended session tells the
        // client to initialize again) or the answer to a request that was not MCP (OAuth, metadata)
        response.setBody(Bodies.of(body, contentType));
        return context.sendResponse();
      }
      return failResponse(context, state, "bad_response", "Upstream MCP server sent an invalid answer: " + rejected.reason());
    }
    PayloadOutcome outcome = inspector.inspect(state, Direction.RESPONSE, ((ParseResult.Parsed) parsed).payload(), body.length());
    if (outcome.changed() && outcome.forward() == null) {
      return failResponse(context, state, "withheld", "The upstream answer was withheld by policy");
    }
    response.setBody(Bodies.of(outcome.changed() ? Buffer.buffer(outcome.forward()) : body, contentType));
    return context.sendResponse();
  }

  /** Parses a collected body where it lies when it is backed by an array, instead of copying it first. */
  private ParseResult parse(Buffer body) {
    ByteBuf bytes = ((BufferInternal) body).getByteBuf();
    if (bytes.hasArray()) {
      return inspector.codec().parse(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
    }
    return inspector.codec().parse(body.getBytes());
  }

  private Future<Void> failResponse(ProxyContext context, ExchangeState state, String kind, String message) {
    metrics.upstreamError(kind);
    inspector.recordRefusal(state, Direction.RESPONSE, null, message);
    context.response().release();
    return sendLocal(context, state, 502, unansweredErrors(state, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE, message));
  }

  // ---------------------------------------------------------------- local answers

  private Future<ProxyResponse> reply(ProxyContext context, ExchangeState state, int status, byte[] json, boolean close) {
    state.localResponse(true);
    ProxyResponse response = context.request().response().setStatusCode(status);
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    response.setBody(Bodies.of(Buffer.buffer(json), APPLICATION_JSON));
    return Future.succeededFuture(response);
  }

  private Future<Void> sendLocal(ProxyContext context, ExchangeState state, int status, byte[] json) {
    state.localResponse(true);
    ProxyResponse response = context.response();
    response.headers().clear();
    response.setStatusCode(status).setStatusMessage(null);
    response.setBody(Bodies.of(Buffer.buffer(json), APPLICATION_JSON));
    return context.sendResponse();
  }

  /** JSON-RPC errors for every request of this exchange still awaiting an answer (one id-less error if none). */
  private byte[] unansweredErrors(ExchangeState state, int code, String message) {
    JsonRpcCodec codec = inspector.codec();
    List<ExchangeState.PendingRequest> pending = new java.util.ArrayList<>();
    state.unanswered().forEach(pending::add);
    state.forgetUnanswered();
    if (pending.size() <= 1) {
      return codec.encode(JsonRpcCodec.errorResponse(pending.isEmpty() ? null : pending.get(0).id(), code, message, null));
    }
    ArrayNode errors = JsonNodeFactory.instance.arrayNode();
    pending.forEach(p -> errors.add(JsonRpcCodec.errorResponse(p.id(), code, message, null)));
    return codec.encode(errors);
  }

  private byte[] error(JsonNode id, int code, String message) {
    return inspector.codec().encode(JsonRpcCodec.errorResponse(id, code, message, null));
  }

  private static long contentLength(MultiMap headers) {
    String value = headers.get(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean mayHaveBody(ProxyResponse response) {
    int status = response.getStatusCode();
    return status != 202 && status != 204 && contentLength(response.headers()) != 0;
  }

  private static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = mediaType(contentType);
    return type.equals(APPLICATION_JSON) || type.endsWith("+json");
  }

  static boolean isEventStream(String contentType) {
    return contentType != null && mediaType(contentType).equals(EVENT_STREAM);
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
