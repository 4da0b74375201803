package dev.palisade.operator.events;

/**
 * One Kubernetes Event about an McpServer: what {@code kubectl describe mcpserver} and
 * {@code kubectl get events} show next to the server.
 *
 * @param uid the McpServer's uid, or {@code null} when the caller does not have the object at hand
 *     (the recorder looks it up: {@code kubectl describe} matches events by uid)
 * @param reason CamelCase, machine-readable ({@code ViolationFirstSeen}, {@code ToolPinApproved})
 * @param message for people; never a matched value, only rule, tool and counts
 */
public record ServerEvent(String namespace, String server, String uid, Type type, String reason, String message) {
  /** Kubernetes has exactly two event types. */
  public enum Type {
    NORMAL("Normal"), WARNING("Warning");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
