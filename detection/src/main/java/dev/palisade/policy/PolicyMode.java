package dev.palisade.policy;

/** Whether a policy acts or only records what it would have done. */
public enum PolicyMode {
  ENFORCE,
  MONITOR
}
