package dev.palisade.crds;

/** The condition types the operator writes into status, and their reasons. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String INJECTED = "Injected";
  public static final String PROTECTED = "Protected";
  public static final String POLICY_VALID = "PolicyValid";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private ConditionTypes() {}
}
