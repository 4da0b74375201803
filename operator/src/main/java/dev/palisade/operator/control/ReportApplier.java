package dev.palisade.operator.control;

import dev.palisade.operator.mcpserver.ToolObservations;
import dev.palisade.operator.monitoring.OperatorMetrics;
import dev.palisade.operator.violation.ReportMarks;
import dev.palisade.operator.violation.ViolationNames;
import dev.palisade.operator.violation.ViolationReport;
import dev.palisade.operator.violation.ViolationWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies one sidecar report: violations become McpViolation counts (exactly once per report, see
 * {@link ReportMarks}) and tool hashes become observations for McpServer status. It returns only when
 * everything is stored, so the sidecar's acknowledgement means durable.
 */
public final class ReportApplier {
  private static final int MAX_EXCERPT = 256;

  private final ViolationWriter violations;
  private final ToolObservations tools;
  private final Clock clock;
  private final OperatorMetrics metrics;

  public ReportApplier(ViolationWriter violations, ToolObservations tools, Clock clock, OperatorMetrics metrics) {
    this.violations = violations;
    this.tools = tools;
    this.clock = clock;
    this.metrics = metrics;
  }

  public void apply(String namespace, String server, SidecarReport report) {
    Instant now = clock.instant();
    for (SidecarReport.ObservedTool tool : report.observedTools()) {
      tools.observe(namespace, server, tool.tool(), tool.hash(), now);
    }
    ReportMarks.Origin origin = new ReportMarks.Origin(report.sidecar(), report.sequence());
    // entries that name the same McpViolation are one update: a mark per object and report
    Map<String, ViolationReport> byName = new LinkedHashMap<>();
    for (SidecarReport.Violation v : report.violations()) {
      ViolationReport one = new ViolationReport(namespace, server, v.policy(), v.rule(), v.category(), v.type(),
          v.severity(), v.action(), v.direction(), v.method(), v.tool(), v.principal(), v.session(),
          excerpt(v.excerpt()), v.evidenceHash(), v.occurrences(), seen(v.lastSeen(), now));
      byName.merge(ViolationNames.of(one), one, ReportApplier::combine);
    }
    for (ViolationReport one : byName.values()) {
      violations.record(one, origin);
      metrics.violationWritten(one.action().wireName());
    }
    metrics.reportApplied();
  }

  private static ViolationReport combine(ViolationReport a, ViolationReport b) {
    Instant seen = a.seenAt().isAfter(b.seenAt()) ? a.seenAt() : b.seenAt();
    return new ViolationReport(a.namespace(), a.server(), a.policy(), a.rule(), a.category(), a.type(), a.severity(),
        a.action(), a.direction(), a.method(), a.tool(), a.principal(), a.sessionKey(), a.excerpt(), a.evidenceHash(),
        a.occurrences() + b.occurrences(), seen);
  }

  private static String excerpt(String text) {
    return text == null || text.length() <= MAX_EXCERPT ? text : text.substring(0, MAX_EXCERPT);
  }

  private static Instant seen(String text, Instant fallback) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}
