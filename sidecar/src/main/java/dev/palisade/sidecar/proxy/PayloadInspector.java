package dev.palisade.sidecar.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.InspectionOutcome;
import dev.palisade.inspection.InspectionPipeline;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcErrorCodes;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.McpMethods;
import dev.palisade.mcp.Payload;
import dev.palisade.policy.RateLimitEvidence;
import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.AuditRecord;
import dev.palisade.sidecar.metrics.SidecarMetrics;
import dev.palisade.sidecar.session.RequestCorrelator;
import dev.palisade.sidecar.session.RequestInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the inspection pipeline over every message of a payload, in the context of its exchange,
 * and turns the outcomes into bytes: the original bytes when nothing changed, a re-encoded payload
 * when something was redacted or withheld, or a refusal.
 *
 * <p>Requests: if any message of a POST is blocked, nothing of it is forwarded; every request in it
 * is answered with a JSON-RPC error (a batch is all or nothing, so no half-applied batch reaches the
 * server). Responses: a blocked answer becomes a JSON-RPC error for the same id; a blocked
 * notification or server-to-client request is dropped.
 */
final class PayloadInspector {
  private final String server;
  private final InspectionPipeline pipeline;
  private final JsonRpcCodec codec;
  private final RequestCorrelator correlator;
  private final AuditLog audit;
  private final SidecarMetrics metrics;
  private final Clock clock;

  PayloadInspector(String server, InspectionPipeline pipeline, JsonRpcCodec codec, RequestCorrelator correlator,
      AuditLog audit, SidecarMetrics metrics, Clock clock) {
    this.server = server;
    this.pipeline = pipeline;
    this.codec = codec;
    this.correlator = correlator;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
  }

  JsonRpcCodec codec() {
    return codec;
  }

  /** @param bodyLength bytes of the payload as received (for the metrics) */
  PayloadOutcome inspect(ExchangeState state, Direction direction, Payload payload, int bodyLength) {
    List<JsonNode> output = new ArrayList<>(payload.messages().size());
    boolean changed = false;
    List<String> blockReasons = null;
    long retryAfter = 0;
    int perMessageBytes = bodyLength / payload.messages().size();
    for (JsonRpcMessage message : payload.messages()) {
      Exchange exchange = exchangeFor(state, direction, message);
      long start = System.nanoTime();
      InspectionOutcome outcome = pipeline.inspect(exchange, message);
      metrics.inspected(System.nanoTime() - start);
      metrics.message(direction, outcome.action(), perMessageBytes);
      record(exchange, outcome);
      if (outcome.blocked()) {
        changed = true;
        if (direction == Direction.REQUEST) {
          blockReasons = blockReasons == null ? new ArrayList<>() : blockReasons;
          blockReasons.add(outcome.blockReason());
          if (outcome.blockedBy() != null && outcome.blockedBy().finding().category() == Category.RATE) {
            retryAfter = Math.max(retryAfter,
                RateLimitEvidence.retryAfterSeconds(outcome.blockedBy().finding().evidence().excerpt()));
          }
          continue;
        }
        if (message instanceof JsonRpcMessage.Result || message instanceof JsonRpcMessage.Error) {
          output.add(blockedAnswer(message.id(), outcome.blockReason()));
        } else if (message instanceof JsonRpcMessage.Request) {
          // the server waits for an answer to its request (sampling, elicitation): it gets the error
          state.oweUpstream(codec.encode(blockedAnswer(message.id(), outcome.blockReason())));
        }
        continue; // blocked notifications are dropped
      }
      remember(state, direction, message);
      changed |= outcome.rewritten();
      output.add(outcome.message().json());
    }
    if (blockReasons != null) {
      return refuse(payload, blockReasons, retryAfter);
    }
    if (!changed) {
      return PayloadOutcome.UNCHANGED;
    }
    if (output.isEmpty()) {
      return PayloadOutcome.dropped();
    }
    if (!payload.batch()) {
      return PayloadOutcome.rewritten(codec.encode(output.get(0)));
    }
    ArrayNode batch = JsonNodeFactory.instance.arrayNode(output.size());
    output.forEach(batch::add);
    return PayloadOutcome.rewritten(codec.encode(batch));
  }

  /** The context a message is inspected in; answers take method and target from their request. */
  Exchange exchangeFor(ExchangeState state, Direction direction, JsonRpcMessage message) {
    String method = message.methodOrNull();
    String target = null;
    if (message instanceof JsonRpcMessage.Request request) {
      target = McpMethods.target(request.method(), request.params());
    } else if (message instanceof JsonRpcMessage.Result || message instanceof JsonRpcMessage.Error) {
      RequestInfo local = direction == Direction.RESPONSE ? state.answered(message.id()) : null;
      Direction asker = direction == Direction.RESPONSE ? Direction.REQUEST : Direction.RESPONSE;
      RequestInfo shared = correlator.resolve(state.sessionKey(), asker, message.id());
      RequestInfo request = local != null ? local : shared;
      if (request != null) {
        method = request.method();
        target = request.target();
      }
    }
    return new Exchange(server, direction, method, target, message.id(), state.sessionKey(), state.principal(),
        state.protocolVersion(), clock.instant(), state.agent());
  }

  /** Remembers requests that passed, so their answers are inspected in context. */
  private void remember(ExchangeState state, Direction direction, JsonRpcMessage message) {
    if (message instanceof JsonRpcMessage.Request request) {
      RequestInfo info = new RequestInfo(request.method(), McpMethods.target(request.method(), request.params()));
      if (direction == Direction.REQUEST) {
        state.expect(request.id(), info);
      }
      correlator.register(state.sessionKey(), direction, request.id(), info);
    }
  }

  private void record(Exchange exchange, InspectionOutcome outcome) {
    for (Decision decision : outcome.verdict().decisions()) {
      metrics.decision(decision);
      if (decision.action() != Action.ALLOW) {
        audit.record(AuditRecord.of(exchange, decision));
      }
    }
  }

  /** Records a refusal by the proxy itself (no policy decision behind it). */
  void recordRefusal(ExchangeState state, Direction direction, String method, String reason) {
    Exchange exchange = new Exchange(server, direction, method, null, null, state.sessionKey(), state.principal(),
        state.protocolVersion(), clock.instant());
    audit.record(AuditRecord.refusal(exchange.time(), server, exchange, reason));
  }

  private PayloadOutcome refuse(Payload payload, List<String> reasons, long retryAfter) {
    String reason = reasons.get(0);
    if (retryAfter > 0) {
      // a client expects 429 and a JSON-RPC error it can tell apart from a policy block
      byte[] answer = codec.encode(JsonRpcCodec.errorResponse(payload.messages().get(0).id(), JsonRpcErrorCodes.RATE_LIMITED,
          "Rate limit exceeded: " + reason, null));
      return new PayloadOutcome(null, true, answer, 429, retryAfter);
    }
    List<ObjectNode> answers = new ArrayList<>();
    for (JsonRpcMessage message : payload.messages()) {
      if (message instanceof JsonRpcMessage.Request) {
        answers.add(blockedAnswer(message.id(), reason));
      }
    }
    if (answers.isEmpty()) {
      // only notifications or answers were refused: there is no id to answer, so say it in HTTP
      return PayloadOutcome.refused(codec.encode(blockedAnswer(null, reason)), 403);
    }
    if (!payload.batch()) {
      return PayloadOutcome.refused(codec.encode(answers.get(0)), 200);
    }
    ArrayNode batch = JsonNodeFactory.instance.arrayNode(answers.size());
    answers.forEach(batch::add);
    return PayloadOutcome.refused(codec.encode(batch), 200);
  }

  static ObjectNode blockedAnswer(JsonNode id, String reason) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("palisade", "blocked");
    data.put("reason", reason);
    return JsonRpcCodec.errorResponse(id, JsonRpcErrorCodes.BLOCKED_BY_POLICY, "Blocked by Palisade: " + reason, data);
  }
}
