package dev.palisade.policy.shared;

/**
 * Sessions that span the MCP servers of one agent, each behind its own sidecar. Sequence rules read
 * what the agent did elsewhere and share what it does here. Both calls sit in the request path, so
 * neither may wait: a sidecar reads its local copy and queues what it shares (see the sidecar's
 * {@code SharedSessionReplica}).
 */
public interface CrossServerSessions {
  /** Nothing shared: a standalone sidecar, or tests of local sessions. */
  CrossServerSessions NONE = new CrossServerSessions() {
    @Override
    public RemoteSession of(String principal, java.time.Instant now) {
      return RemoteSession.EMPTY;
    }

    @Override
    public void share(SharedStep step) {}
  };

  /** What {@code principal} did behind the other sidecars of this namespace, as far as known at {@code now}; never blocks. */
  RemoteSession of(String principal, java.time.Instant now);

  /** Offers one step of this sidecar to the others; never blocks (a step that cannot be queued is dropped and counted). */
  void share(SharedStep step);
}
