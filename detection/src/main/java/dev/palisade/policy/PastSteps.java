package dev.palisade.policy;

import dev.palisade.inspection.Direction;
import dev.palisade.policy.shared.RemoteSession;
import java.util.Iterator;

/**
 * The steps before the current one, newest first: the session's own steps merged by time with the
 * steps the same agent took behind other sidecars. How many calls ago a step was counts the requests
 * on every server; without remote steps it is exactly the local count.
 */
final class PastSteps {
  private final SessionState.Step current;
  private final Iterator<SessionState.Step> local;
  private final Iterator<RemoteSession.Step> remote;
  private SessionState.Step nextLocal;
  private RemoteSession.Step nextRemote;
  private long localRequests;
  private long remoteRequests;
  private SessionState.Step step;
  private String label;
  private long callsAgo;

  PastSteps(SessionState.Step current, SessionState state, RemoteSession elsewhere) {
    this.current = current;
    this.local = state.stepsNewestFirst().iterator();
    this.remote = elsewhere.stepsNewestFirst().iterator();
  }

  /** Moves to the next older step; false when there is none. */
  boolean next() {
    if (nextLocal == null && local.hasNext()) {
      nextLocal = local.next();
    }
    if (nextRemote == null && remote.hasNext()) {
      nextRemote = remote.next();
    }
    if (nextLocal == null && nextRemote == null) {
      return false;
    }
    if (nextRemote == null || nextLocal != null && !nextLocal.time().isBefore(nextRemote.step().time())) {
      step = nextLocal;
      nextLocal = null;
      label = String.valueOf(step.tool());
      callsAgo = current.index() - step.index() + remoteRequests;
      localRequests += step.direction() == Direction.REQUEST ? 1 : 0;
    } else {
      step = nextRemote.step();
      label = nextRemote.server() + "/" + step.tool();
      nextRemote = null;
      callsAgo = (current.direction() == Direction.REQUEST ? 1 : 0) + localRequests + remoteRequests;
      remoteRequests += step.direction() == Direction.REQUEST ? 1 : 0;
    }
    return true;
  }

  SessionState.Step step() {
    return step;
  }

  /** The tool, with its server when the step happened behind another sidecar. */
  String label() {
    return label;
  }

  long callsAgo() {
    return callsAgo;
  }
}
