package dev.palisade.sidecar.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How bearer tokens are verified.
 *
 * @param issuer required {@code iss}
 * @param audience required {@code aud} (one of)
 * @param principalClaim the claim that names the agent, usually {@code sub}
 * @param jwks where the verification keys are: a {@code file:} path or an {@code https:} URL
 * @param refreshInterval how often the key set is read again (key rotation)
 */
public record JwtSettings(String issuer, String audience, String principalClaim, URI jwks, Duration refreshInterval) {
  public JwtSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(jwks, "jwks");
    principalClaim = principalClaim == null ? "sub" : principalClaim;
    refreshInterval = refreshInterval == null ? Duration.ofMinutes(10) : refreshInterval;
  }
}
