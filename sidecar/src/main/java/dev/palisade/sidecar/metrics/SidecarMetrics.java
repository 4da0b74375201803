package dev.palisade.sidecar.metrics;

import dev.palisade.inspection.Action;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Direction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The sidecar's Prometheus metrics. Meter names follow Prometheus conventions once rendered
 * ({@code palisade_messages_total}, {@code palisade_limit_hits_total}, ...).
 */
public final class SidecarMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Direction, Map<Action, Counter>> messages = new EnumMap<>(Direction.class);
  private final Map<String, Counter> findings = new ConcurrentHashMap<>();
  private final Map<String, Counter> limitHits = new ConcurrentHashMap<>();
  private final Map<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
  private final Map<Direction, Counter> bytes = new EnumMap<>(Direction.class);
  private final Timer inspection;
  private final AtomicInteger openStreams = new AtomicInteger();

  public SidecarMetrics() {
    for (Direction direction : Direction.values()) {
      Map<Action, Counter> byAction = new EnumMap<>(Action.class);
      for (Action action : Action.values()) {
        byAction.put(action, Counter.builder("palisade.messages")
            .description("JSON-RPC messages inspected, by direction and the action applied")
            .tag("direction", direction.wireName()).tag("action", action.wireName()).register(registry));
      }
      messages.put(direction, byAction);
      bytes.put(direction, Counter.builder("palisade.inspected.bytes")
          .description("Bytes of JSON-RPC content inspected").baseUnit("bytes")
          .tag("direction", direction.wireName()).register(registry));
    }
    inspection = Timer.builder("palisade.inspection")
        .description("Time spent inspecting one message")
        .publishPercentiles(0.5, 0.99).register(registry);
    registry.gauge("palisade.open.streams", openStreams);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public void message(Direction direction, Action action, int size) {
    messages.get(direction).get(action).increment();
    bytes.get(direction).increment(size);
  }

  public void decision(Decision decision) {
    String category = decision.finding().category().wireName();
    String action = decision.effectiveAction().wireName();
    findings.computeIfAbsent(category + '|' + action, k -> Counter.builder("palisade.findings")
        .description("Findings, by category and the action applied")
        .tag("category", category).tag("action", action).register(registry)).increment();
  }

  /** A limit was crossed: {@code body_size}, {@code sse_event_size}, {@code nesting}, {@code body_timeout}, ... */
  public void limitHit(String limit) {
    limitHits.computeIfAbsent(limit, k -> Counter.builder("palisade.limit.hits")
        .description("Requests or streams refused because a limit was crossed")
        .tag("limit", limit).register(registry)).increment();
  }

  /** The upstream failed: {@code connect}, {@code reset}, {@code timeout}, {@code bad_response}. */
  public void upstreamError(String kind) {
    upstreamErrors.computeIfAbsent(kind, k -> Counter.builder("palisade.upstream.errors")
        .description("Upstream failures, by kind").tag("kind", kind).register(registry)).increment();
  }

  public void inspected(long nanos) {
    inspection.record(nanos, TimeUnit.NANOSECONDS);
  }

  public AtomicInteger openStreams() {
    return openStreams;
  }

  /** Registers a gauge read from elsewhere (audit drops, pin counts). */
  public void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
  }
}
