package dev.palisade.policy;

import java.time.Instant;
import java.util.function.Function;

/**
 * Where session state lives. In-process for a standalone sidecar; the operator provides a shared
 * one so that chains spanning several MCP servers (one sidecar each) are correlated.
 */
public interface SessionStore {
  /** Runs {@code action} on the session's state, creating it if needed; calls for one key never overlap. */
  <T> T update(String sessionKey, Instant now, Function<SessionState, T> action);

  int size();
}
