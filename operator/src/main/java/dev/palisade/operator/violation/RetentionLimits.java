package dev.palisade.operator.violation;

import java.time.Duration;

/**
 * How many McpViolation objects a namespace may hold and for how long, so a noisy server cannot
 * flood etcd: older than {@code maxAge} (by last seen) goes, and beyond {@code maxPerNamespace} the
 * least recently seen go first.
 */
public record RetentionLimits(Duration maxAge, int maxPerNamespace) {
  public static final RetentionLimits DEFAULT = new RetentionLimits(Duration.ofDays(7), 500);

  public RetentionLimits {
    if (maxAge.isNegative() || maxAge.isZero() || maxPerNamespace < 1) {
      throw new IllegalArgumentException("retention needs a positive age and count");
    }
  }
}
