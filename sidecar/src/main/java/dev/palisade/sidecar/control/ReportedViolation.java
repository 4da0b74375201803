package dev.palisade.sidecar.control;

import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.sidecar.audit.AuditRecord;
import java.time.Instant;

/**
 * One kind of violation as the operator receives it: where and what, a masked excerpt and a salted
 * hash, never the matched value; repeats are counted in {@code occurrences}.
 */
public record ReportedViolation(Key key, long occurrences, Instant lastSeen) {

  /** What makes two violations the same one. */
  public record Key(String policy, String rule, String category, String type, String severity, String action,
      String direction, String method, String tool, String principal, String session, String excerpt,
      String evidenceHash) {}

  /** The violation an audit record describes, or {@code null} for a proxy-level refusal (not a policy decision). */
  public static ReportedViolation of(AuditRecord record) {
    Decision decision = record.decision();
    if (decision == null) {
      return null;
    }
    Finding finding = decision.finding();
    Exchange exchange = record.exchange();
    String tool = finding.tool() != null ? finding.tool() : exchange == null ? null : exchange.target();
    return new ReportedViolation(new Key(decision.policy(), decision.policyRule(), finding.category().wireName(),
        finding.type(), finding.severity().wireName(), decision.effectiveAction().wireName(),
        exchange == null ? null : exchange.direction().wireName(), exchange == null ? null : exchange.method(), tool,
        exchange == null ? null : exchange.principal(), exchange == null ? null : exchange.sessionKey(),
        finding.evidence().excerpt(), finding.evidence().hash()), 1, record.time());
  }

  public ReportedViolation plus(ReportedViolation more) {
    return new ReportedViolation(key, occurrences + more.occurrences, lastSeen.isAfter(more.lastSeen) ? lastSeen : more.lastSeen);
  }
}
