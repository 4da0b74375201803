package dev.palisade.sidecar.proxy;

import dev.palisade.inspection.Direction;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcErrorCodes;
import dev.palisade.mcp.ParseResult;
import dev.palisade.sidecar.metrics.SidecarMetrics;
import dev.palisade.sidecar.sse.SseEvent;
import dev.palisade.sidecar.sse.SseEvents;
import dev.palisade.sidecar.transport.McpRoutes;
import dev.palisade.sidecar.transport.SessionKeys;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the proxy does with each event of one SSE stream: inspect JSON-RPC messages, rewrite the
 * 2024-11-05 {@code endpoint} announcement so the client keeps posting through the proxy, drop
 * what cannot be scanned, and answer unanswered requests when the stream breaks.
 */
final class SseEventInspection implements InspectingSseStream.EventHandler {
  private static final String ENDPOINT_EVENT = "endpoint";

  private final ExchangeState state;
  private final PayloadInspector inspector;
  private final McpRoutes routes;
  private final SidecarMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.function.Consumer<byte[]> answerUpstream;

  /**
   * @param answerUpstream sends the server an answer to one of its requests that was blocked
   */
  SseEventInspection(ExchangeState state, PayloadInspector inspector, McpRoutes routes, SidecarMetrics metrics,
      java.util.function.Consumer<byte[]> answerUpstream) {
    this.answerUpstream = answerUpstream;
    this.state = state;
    this.inspector = inspector;
    this.routes = routes;
    this.metrics = metrics;
    metrics.openStreams().incrementAndGet();
  }

  @Override
  public byte[] onEvent(SseEvent event) {
    boolean wellFormed = SseEvents.onlyKnownFields(event.raw());
    if (!event.dispatched() || event.data().length == 0) {
      if (!wellFormed) {
        metrics.limitHit("sse_malformed");
        return null; // garbage lines or invalid UTF-8 with no message: nothing a client would use
      }
      return event.raw(); // comments, keep-alives, ids and retry hints carry no message
    }
    if (ENDPOINT_EVENT.equals(event.type())) {
      return endpoint(event);
    }
    ParseResult parsed = inspector.codec().parse(event.data());
    if (parsed instanceof ParseResult.Rejected rejected) {
      metrics.limitHit(rejected.code() == JsonRpcErrorCodes.LIMIT_EXCEEDED ? "sse_message_limits" : "sse_malformed");
      inspector.recordRefusal(state, Direction.RESPONSE, null, "SSE event dropped: " + rejected.reason());
      return null;
    }
    PayloadOutcome outcome = inspector.inspect(state, Direction.RESPONSE, ((ParseResult.Parsed) parsed).payload(), event.data().length);
    state.takeOwedToUpstream().forEach(answerUpstream);
    if (!outcome.changed()) {
      // unknown lines beside the data were not scanned: re-encode the event from its scanned fields
      return wellFormed ? event.raw() : SseEvents.encode(event.type(), event.id(), new String(event.data(), StandardCharsets.UTF_8));
    }
    if (outcome.forward() == null) {
      return null;
    }
    return SseEvents.encode(event.type(), event.id(), new String(outcome.forward(), StandardCharsets.UTF_8));
  }

  private byte[] endpoint(SseEvent event) {
    String announced = new String(event.data(), StandardCharsets.UTF_8);
    String relative = McpRoutes.relativeEndpoint(announced);
    if (relative == null) {
      inspector.recordRefusal(state, Direction.RESPONSE, null, "SSE endpoint event with an unusable URI dropped");
      return null;
    }
    int query = relative.indexOf('?');
    routes.learnLegacyMessageEndpoint(query < 0 ? relative : relative.substring(0, query));
    state.sessionKey(SessionKeys.fromLegacyEndpoint(relative));
    return relative.equals(announced) ? event.raw() : SseEvents.encode(event.type(), event.id(), relative);
  }

  @Override
  public byte[] onBreak(InspectingSseStream.StreamBreak reason) {
    if (reason == InspectingSseStream.StreamBreak.UPSTREAM_IDLE) {
      metrics.upstreamError("stream_idle");
    } else if (reason == InspectingSseStream.StreamBreak.UPSTREAM_FAILED) {
      metrics.upstreamError("stream_failed");
    } else {
      metrics.limitHit(reason.metric);
    }
    inspector.recordRefusal(state, Direction.RESPONSE, null, "SSE stream ended early: " + reason.metric);
    if (!state.hasUnanswered()) {
      return null;
    }
    int code = reason == InspectingSseStream.StreamBreak.EVENT_TOO_LARGE
        ? JsonRpcErrorCodes.LIMIT_EXCEEDED
        : JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE;
    String message = reason == InspectingSseStream.StreamBreak.EVENT_TOO_LARGE
        ? "Upstream SSE event exceeded the size limit; the rest of the stream was discarded"
        : "Upstream MCP server stream ended before answering";
    StringBuilder events = new StringBuilder();
    for (ExchangeState.PendingRequest request : state.unanswered()) {
      byte[] error = inspector.codec().encode(JsonRpcCodec.errorResponse(request.id(), code, message, null));
      events.append(new String(SseEvents.encode(null, null, new String(error, StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }
    state.forgetUnanswered();
    return events.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void onClose() {
    if (closed.compareAndSet(false, true)) {
      metrics.openStreams().decrementAndGet();
    }
  }
}
