package dev.palisade.operator.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The operator's own counters, next to JOSDK's reconcile metrics in the same registry. Names are
 * Prometheus names after the registry's conversion ({@code palisade_operator_reports_applied_total}).
 */
public final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Counter reportsApplied;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reportsApplied = Counter.builder("palisade.operator.reports.applied")
        .description("Sidecar reports stored and acknowledged").register(registry);
  }

  /** Counts into a registry nobody reads: tests, and callers that do not serve metrics. */
  public static OperatorMetrics discarding() {
    return new OperatorMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void reportApplied() {
    reportsApplied.increment();
  }

  /** One McpViolation created or counted up, by the action the sidecar took. */
  public void violationWritten(String action) {
    Counter.builder("palisade.operator.violations.written").description("Violations written to McpViolation objects")
        .tag("action", action).register(registry).increment();
  }

  /** One request to the sidecar control API, by route ({@code config}, {@code reports}, ...). */
  public void controlRequest(String route) {
    Counter.builder("palisade.operator.control.requests").description("Requests to the sidecar control API")
        .tag("route", route).register(registry).increment();
  }

  /** A value that lives elsewhere and goes up and down. */
  public <T> io.micrometer.core.instrument.Meter gauge(String name, String description, T source,
      ToDoubleFunction<T> read) {
    return io.micrometer.core.instrument.Gauge.builder(name, source, read).description(description).register(registry);
  }

  /** A counter whose value lives elsewhere (events written and dropped). */
  public <T> io.micrometer.core.instrument.Meter functionCounter(String name, String description, String tag,
      String value, T source, ToDoubleFunction<T> read) {
    return io.micrometer.core.instrument.FunctionCounter.builder(name, source, read).description(description)
        .tag(tag, value).register(registry);
  }

  /** Stops reporting a meter (its source went away, e.g. a control plane that closed). */
  public void remove(io.micrometer.core.instrument.Meter meter) {
    registry.remove(meter);
  }
}
