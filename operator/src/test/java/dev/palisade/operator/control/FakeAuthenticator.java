package dev.palisade.operator.control;

import java.util.Map;
import java.util.Optional;

/** Tokens the tests hand out, each standing for one identity; any other token is invalid. */
final class FakeAuthenticator implements SidecarAuthenticator {
  static final String SIDECAR = "sidecar-token";
  static final String OTHER_NAMESPACE = "other-namespace-token";
  private final Map<String, SidecarIdentity> tokens = Map.of(
      SIDECAR, new SidecarIdentity("team-a", "weather", null),
      OTHER_NAMESPACE, new SidecarIdentity("team-b", "intruder", null));

  @Override
  public Optional<SidecarIdentity> authenticate(String token) {
    return Optional.ofNullable(tokens.get(token));
  }

  /** Agents' tokens: one valid agent, everything else invalid. */
  static final class AgentTokens implements SidecarAuthenticator {
    static final String AGENT = "agent-token";

    @Override
    public Optional<SidecarIdentity> authenticate(String token) {
      return AGENT.equals(token) ? Optional.of(new SidecarIdentity("team-a", "report-bot", null)) : Optional.empty();
    }
  }
}
