package dev.palisade.operator.injection;

/** Annotations the injector reads and writes on pods. */
public final class InjectionAnnotations {
  /** {@code "true"} asks for the sidecar (SPEC.md). */
  public static final String INJECT = "palisade.dev/inject";
  /** Written by the injector: what it injected; its presence makes injection idempotent. */
  public static final String STATUS = "palisade.dev/status";
  /** Optional on the pod: the McpServer the pod belongs to (otherwise the injector config's default). */
  public static final String SERVER = "palisade.dev/server";
  /** Optional on the pod: the MCP port to front when the pod has several ports. */
  public static final String PORT = "palisade.dev/port";

  private InjectionAnnotations() {}
}
