package dev.palisade.sidecar.identity;

/**
 * How the sidecar learns who is calling.
 *
 * @param trustedHeader header set by a trusted gateway in front, or {@code null}
 * @param jwt bearer token verification, or {@code null}
 * @param tls TLS (and mTLS) on the listener, or {@code null} for plain HTTP (a sidecar behind the pod network)
 */
public record IdentityConfig(String trustedHeader, JwtSettings jwt, ListenerTls tls) {
  public static final IdentityConfig NONE = new IdentityConfig(null, null, null);

  public IdentityConfig withTrustedHeader(String header) {
    return new IdentityConfig(header, jwt, tls);
  }

  public IdentityConfig withJwt(JwtSettings settings) {
    return new IdentityConfig(trustedHeader, settings, tls);
  }

  public IdentityConfig withTls(ListenerTls listenerTls) {
    return new IdentityConfig(trustedHeader, jwt, listenerTls);
  }
}
