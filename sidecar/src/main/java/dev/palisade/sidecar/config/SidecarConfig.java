package dev.palisade.sidecar.config;

import dev.palisade.integrity.TrustMode;
import dev.palisade.sidecar.control.ControlPlaneSettings;
import dev.palisade.sidecar.identity.IdentityConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a sidecar needs to start.
 *
 * @param serverName name of the protected MCP server in reports (the McpServer name under the operator)
 * @param upstream base URI of the MCP server (scheme, host, port); request paths pass through unchanged
 * @param listenHost interface to listen on ({@code 0.0.0.0} for all)
 * @param listenPort port to listen on (0 picks a free one)
 * @param adminHost interface of the health and metrics endpoints
 * @param adminPort port of the health and metrics endpoints (0 picks a free one, -1 disables)
 * @param limits size, depth, time and stream bounds
 * @param failOpen pass messages that could not be inspected instead of refusing them (not recommended)
 * @param trustMode how tool pins are approved
 * @param pinFile file holding tool pins and approvals, or {@code null} to keep them in memory
 * @param auditFile file the audit log is appended to, or {@code null} for standard output
 * @param trustUpstreamCertificates accept any upstream TLS certificate (tests and private CAs only)
 * @param policyPath policy YAML file or directory, followed for changes; {@code null} for the built-in default
 * @param identity how callers are identified (JWT, client certificates, a trusted header)
 * @param controlPlane the operator's control API (policies, pins, reports), or {@code null} when standalone
 */
public record SidecarConfig(
    String serverName,
    URI upstream,
    String listenHost,
    int listenPort,
    String adminHost,
    int adminPort,
    ProxyLimits limits,
    boolean failOpen,
    TrustMode trustMode,
    Path pinFile,
    Path auditFile,
    boolean trustUpstreamCertificates,
    Path policyPath,
    IdentityConfig identity,
    ControlPlaneSettings controlPlane) {

  public SidecarConfig(String serverName, URI upstream, String listenHost, int listenPort, String adminHost,
      int adminPort, ProxyLimits limits, boolean failOpen, TrustMode trustMode, Path pinFile, Path auditFile,
      boolean trustUpstreamCertificates, Path policyPath, IdentityConfig identity) {
    this(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen, trustMode, pinFile,
        auditFile, trustUpstreamCertificates, policyPath, identity, null);
  }

  public SidecarConfig(String serverName, URI upstream, String listenHost, int listenPort, String adminHost,
      int adminPort, ProxyLimits limits, boolean failOpen, TrustMode trustMode, Path pinFile, Path auditFile,
      boolean trustUpstreamCertificates) {
    this(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen, trustMode, pinFile,
        auditFile, trustUpstreamCertificates, null, IdentityConfig.NONE, null);
  }

  public SidecarConfig {
    identity = identity == null ? IdentityConfig.NONE : identity;
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(trustMode, "trustMode");
    String scheme = upstream.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("upstream must be an http:// or https:// URL, got " + upstream);
    }
    if (upstream.getHost() == null) {
      throw new IllegalArgumentException("upstream has no host: " + upstream);
    }
  }

  /** A configuration with defaults, for tests and embedding. */
  public static SidecarConfig defaults(URI upstream) {
    return new SidecarConfig("standalone", upstream, "127.0.0.1", 0, "127.0.0.1", 0, ProxyLimits.DEFAULTS, false,
        TrustMode.TRUST_ON_FIRST_USE, null, null, false);
  }

  public boolean upstreamTls() {
    return "https".equalsIgnoreCase(upstream.getScheme());
  }

  public int upstreamPort() {
    return upstream.getPort() > 0 ? upstream.getPort() : upstreamTls() ? 443 : 80;
  }

  public SidecarConfig withLimits(ProxyLimits newLimits) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, newLimits, failOpen,
        trustMode, pinFile, auditFile, trustUpstreamCertificates, policyPath, identity, controlPlane);
  }

  public SidecarConfig withTrustMode(TrustMode mode) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen,
        mode, pinFile, auditFile, trustUpstreamCertificates, policyPath, identity, controlPlane);
  }

  public SidecarConfig withFiles(Path pins, Path audit) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen,
        trustMode, pins, audit, trustUpstreamCertificates, policyPath, identity, controlPlane);
  }

  public SidecarConfig withFailOpen(boolean open) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, open,
        trustMode, pinFile, auditFile, trustUpstreamCertificates, policyPath, identity, controlPlane);
  }

  public SidecarConfig withTrustUpstreamCertificates(boolean trust) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen,
        trustMode, pinFile, auditFile, trust, policyPath, identity, controlPlane);
  }

  public SidecarConfig withPolicy(Path policies) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen,
        trustMode, pinFile, auditFile, trustUpstreamCertificates, policies, identity, controlPlane);
  }

  public SidecarConfig withTrustedPrincipalHeader(String header) {
    return withIdentity(identity.withTrustedHeader(header));
  }

  public SidecarConfig withControlPlane(ControlPlaneSettings settings) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen,
        trustMode, pinFile, auditFile, trustUpstreamCertificates, policyPath, identity, settings);
  }

  public SidecarConfig withIdentity(IdentityConfig newIdentity) {
    return new SidecarConfig(serverName, upstream, listenHost, listenPort, adminHost, adminPort, limits, failOpen,
        trustMode, pinFile, auditFile, trustUpstreamCertificates, policyPath, newIdentity, controlPlane);
  }
}
