package dev.palisade.sidecar.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.inspection.Direction;
import dev.palisade.mcp.JsonRpcCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers in-flight requests per session so that answers arriving on another HTTP exchange (the
 * GET stream of Streamable HTTP, the SSE stream of the 2024-11-05 transport, a client's POSTed answer
 * to a server's elicitation) are inspected as answers to that request.
 *
 * <p>Bounded in both dimensions: least recently used sessions and oldest pending requests are
 * forgotten first. A forgotten request only means its answer is inspected without method context
 * (generic scanning still applies).
 */
public final class RequestCorrelator {
  private final int maxSessions;
  private final int maxPendingPerSession;
  private final LinkedHashMap<String, LinkedHashMap<String, RequestInfo>> sessions;
  private final LinkedHashMap<String, String> agents;

  public RequestCorrelator(int maxSessions, int maxPendingPerSession) {
    this.maxSessions = maxSessions;
    this.maxPendingPerSession = maxPendingPerSession;
    this.sessions = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, LinkedHashMap<String, RequestInfo>> eldest) {
        return size() > RequestCorrelator.this.maxSessions;
      }
    };
    this.agents = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > RequestCorrelator.this.maxSessions;
      }
    };
  }

  /**
   * @param sender who sent the request: {@link Direction#REQUEST} for the agent, {@link Direction#RESPONSE} for the server
   */
  public synchronized void register(String sessionKey, Direction sender, JsonNode id, RequestInfo info) {
    if (sessionKey == null || sessionKey.isEmpty() || id == null) {
      return;
    }
    LinkedHashMap<String, RequestInfo> pending = sessions.computeIfAbsent(sessionKey, k -> new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, RequestInfo> eldest) {
        return size() > maxPendingPerSession;
      }
    });
    pending.put(key(sender, id), info);
  }

  /** Finds and forgets the request an answer belongs to, or returns {@code null}. */
  public synchronized RequestInfo resolve(String sessionKey, Direction sender, JsonNode id) {
    if (sessionKey == null || sessionKey.isEmpty() || id == null) {
      return null;
    }
    LinkedHashMap<String, RequestInfo> pending = sessions.get(sessionKey);
    return pending == null ? null : pending.remove(key(sender, id));
  }

  public synchronized void endSession(String sessionKey) {
    sessions.remove(sessionKey);
    agents.remove(sessionKey);
  }

  /** Remembers the client name an {@code initialize} declared, for the session it opened. */
  public synchronized void rememberAgent(String sessionKey, String agent) {
    if (sessionKey != null && !sessionKey.isEmpty() && agent != null) {
      agents.put(sessionKey, agent);
    }
  }

  public synchronized String agent(String sessionKey) {
    return sessionKey == null ? null : agents.get(sessionKey);
  }

  public synchronized int sessionCount() {
    return sessions.size();
  }

  private static String key(Direction sender, JsonNode id) {
    return (sender == Direction.REQUEST ? "c:" : "s:") + JsonRpcCodec.idKey(id);
  }
}
