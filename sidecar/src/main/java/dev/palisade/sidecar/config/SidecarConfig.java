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
    return copy(b -> b.limits = newLimits);
  }

  public SidecarConfig withTrustMode(TrustMode mode) {
    return copy(b -> b.trustMode = mode);
  }

  public SidecarConfig withFiles(Path pins, Path audit) {
    return copy(b -> {
      b.pinFile = pins;
      b.auditFile = audit;
    });
  }

  public SidecarConfig withFailOpen(boolean open) {
    return copy(b -> b.failOpen = open);
  }

  public SidecarConfig withTrustUpstreamCertificates(boolean trust) {
    return copy(b -> b.trustUpstreamCertificates = trust);
  }

  public SidecarConfig withPolicy(Path policies) {
    return copy(b -> b.policyPath = policies);
  }

  public SidecarConfig withTrustedPrincipalHeader(String header) {
    return withIdentity(identity.withTrustedHeader(header));
  }

  public SidecarConfig withControlPlane(ControlPlaneSettings settings) {
    return copy(b -> b.controlPlane = settings);
  }

  public SidecarConfig withIdentity(IdentityConfig newIdentity) {
    return copy(b -> b.identity = newIdentity);
  }

  /** This configuration with some fields changed: the one place that lists every field. */
  private SidecarConfig copy(java.util.function.Consumer<Fields> change) {
    Fields fields = new Fields(this);
    change.accept(fields);
    return new SidecarConfig(fields.serverName, fields.upstream, fields.listenHost, fields.listenPort, fields.adminHost,
        fields.adminPort, fields.limits, fields.failOpen, fields.trustMode, fields.pinFile, fields.auditFile,
        fields.trustUpstreamCertificates, fields.policyPath, fields.identity, fields.controlPlane);
  }

  /** The fields of a configuration being copied with changes. */
  private static final class Fields {
    String serverName;
    URI upstream;
    String listenHost;
    int listenPort;
    String adminHost;
    int adminPort;
    ProxyLimits limits;
    boolean failOpen;
    TrustMode trustMode;
    Path pinFile;
    Path auditFile;
    boolean trustUpstreamCertificates;
    Path policyPath;
    IdentityConfig identity;
    ControlPlaneSettings controlPlane;

    Fields(SidecarConfig c) {
      serverName = c.serverName;
      upstream = c.upstream;
      listenHost = c.listenHost;
      listenPort = c.listenPort;
      adminHost = c.adminHost;
      adminPort = c.adminPort;
      limits = c.limits;
      failOpen = c.failOpen;
      trustMode = c.trustMode;
      pinFile = c.pinFile;
      auditFile = c.auditFile;
      trustUpstreamCertificates = c.trustUpstreamCertificates;
      policyPath = c.policyPath;
      identity = c.identity;
      controlPlane = c.controlPlane;
    }
  }
}
