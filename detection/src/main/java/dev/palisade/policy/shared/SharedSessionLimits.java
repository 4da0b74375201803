package dev.palisade.policy.shared;

/**
 * Bounds of one agent's shared session, the same in the operator and in every sidecar's copy: the
 * oldest steps (and the taint they brought) go first when any bound is crossed.
 *
 * @param maxSteps most steps kept (requests and answers count one each, as in a local session)
 * @param maxValueHashes most hashes of matched sensitive values, over all kept steps
 * @param maxPrints most word fingerprints, over all kept steps
 */
public record SharedSessionLimits(int maxSteps, int maxValueHashes, int maxPrints) {
  /** As a local session: 64 steps and 1,024 fingerprints; 256 value hashes. */
  public static final SharedSessionLimits DEFAULT = new SharedSessionLimits(64, 256, 1024);

  public SharedSessionLimits {
    if (maxSteps < 1 || maxValueHashes < 1 || maxPrints < 1) {
      throw new IllegalArgumentException("shared session limits must be at least 1");
    }
  }
}
