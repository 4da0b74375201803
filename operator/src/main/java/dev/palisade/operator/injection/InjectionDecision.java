package dev.palisade.operator.injection;

/** Whether a pod gets the sidecar, and if so in front of which port. */
public sealed interface InjectionDecision {
  /**
   * @param server McpServer name the sidecar reports as
   * @param container name of the container serving MCP
   * @param port the MCP server's container port
   * @param portName the name Services use for it, which the sidecar's port takes over
   */
  record Inject(String server, String container, int port, String portName) implements InjectionDecision {}

  /** Left as it is, and why. */
  record Skip(String reason) implements InjectionDecision {}
}
