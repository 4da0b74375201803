package dev.palisade.operator.events;

/**
 * Where the reconcilers and the violation writer send events. Emitting never fails the caller: an
 * event is a courtesy to people, the McpViolation and the status are the record.
 */
@FunctionalInterface
public interface ServerEvents {
  void emit(ServerEvent event);

  /** For callers that record nothing (tools, tests of something else). */
  static ServerEvents none() {
    return event -> { };
  }
}
