package dev.palisade.operator.violation;

import dev.palisade.crds.Direction;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.Severity;
import java.time.Instant;

/**
 * One violation as a sidecar reports it: where, what, what was done, and evidence that never holds
 * the matched value (a masked excerpt and a salted hash).
 *
 * @param occurrences how many times the sidecar saw it since its last report (at least 1)
 * @param seenAt when it was last seen
 */
public record ViolationReport(
    String namespace,
    String server,
    String policy,
    String rule,
    FindingCategory category,
    String type,
    Severity severity,
    PolicyAction action,
    Direction direction,
    String method,
    String tool,
    String principal,
    String sessionKey,
    String excerpt,
    String evidenceHash,
    long occurrences,
    Instant seenAt) {

  public ViolationReport {
    if (occurrences < 1) {
      throw new IllegalArgumentException("occurrences must be at least 1");
    }
  }
}
