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

  /** Agents' tokens: two valid agents of team-a, everything else invalid. */
  static final class AgentTokens implements SidecarAuthenticator {
    static final String AGENT = "agent-token";
    static final String OTHER_AGENT = "other-agent-token";
    private final Map<String, SidecarIdentity> agents = Map.of(
        AGENT, new SidecarIdentity("team-a", "report-bot", null),
        OTHER_AGENT, new SidecarIdentity("team-a", "intern-bot", null));

    @Override
    public Optional<SidecarIdentity> authenticate(String token) {
      return Optional.ofNullable(agents.get(token));
    }
  }
}
