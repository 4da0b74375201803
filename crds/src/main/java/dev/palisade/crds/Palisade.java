package dev.palisade.crds;

/** Names fixed by SPEC.md that the model, the operator and the chart share. */
public final class Palisade {
  public static final String GROUP = "palisade.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "palisade";
  /** On a pod (template): {@code "true"} asks for the sidecar. */
  public static final String INJECT_ANNOTATION = "palisade.dev/inject";

  private Palisade() {}
}
