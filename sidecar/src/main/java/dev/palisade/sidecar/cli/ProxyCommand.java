package dev.palisade.sidecar.cli;

import dev.palisade.integrity.TrustMode;
import dev.palisade.sidecar.config.ProxyLimits;
import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.control.ControlPlaneSettings;
import dev.palisade.sidecar.identity.IdentityConfig;
import dev.palisade.sidecar.identity.JwtSettings;
import dev.palisade.sidecar.identity.ListenerTls;
import dev.palisade.sidecar.proxy.SidecarServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code proxy}: run the sidecar in standalone mode in front of one MCP server. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Run the MCP security proxy in front of one MCP server (standalone mode).")
final class ProxyCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--upstream", required = true, paramLabel = "URL",
      description = "The MCP server to protect, e.g. http://127.0.0.1:8080/mcp (https supported).")
  String upstream;

  @Option(names = "--listen", required = true, paramLabel = "[HOST:]PORT",
      description = "Where agents connect; HOST defaults to all interfaces.")
  String listen;

  @Option(names = "--admin", paramLabel = "[HOST:]PORT", defaultValue = "127.0.0.1:9901",
      description = "Health (/healthz, /readyz) and Prometheus metrics (/metrics); -1 disables. Default: ${DEFAULT-VALUE}.")
  String admin;

  @Option(names = "--server-name", defaultValue = "standalone", description = "Name of the server in reports. Default: ${DEFAULT-VALUE}.")
  String serverName;

  @Option(names = "--pins", paramLabel = "FILE", description = "Tool pin file (read, updated, and followed for approvals). Default: in memory only.")
  Path pins;

  @Option(names = "--trust-mode", defaultValue = "trust-on-first-use", paramLabel = "MODE",
      description = "Tool pins: pinned, trust-on-first-use or observe. Default: ${DEFAULT-VALUE}.")
  String trustMode;

  @Option(names = "--audit", paramLabel = "FILE", description = "Append violations as JSON lines to FILE; '-' for standard output (default).")
  String audit;

  @Option(names = "--max-message-bytes", defaultValue = "4194304", description = "Largest JSON-RPC body or SSE event. Default: ${DEFAULT-VALUE}.")
  int maxMessageBytes;

  @Option(names = "--max-open-streams", defaultValue = "4096", description = "Most concurrently open SSE streams. Default: ${DEFAULT-VALUE}.")
  int maxOpenStreams;

  @Option(names = "--stream-idle-timeout", defaultValue = "PT10M", description = "Close SSE streams silent this long (ISO-8601 duration). Default: ${DEFAULT-VALUE}.")
  Duration streamIdleTimeout;

  @Option(names = "--response-timeout", defaultValue = "PT5M", description = "Time the server has to answer a POST. Default: ${DEFAULT-VALUE}.")
  Duration responseTimeout;

  @Option(names = "--policy", paramLabel = "PATH",
      description = "McpPolicy YAML file or directory (followed for changes). Default: the built-in default policy.")
  Path policy;

  @Option(names = "--principal-header", paramLabel = "NAME",
      description = "Trust this request header, set by a gateway in front, as the agent's identity.")
  String principalHeader;

  @Option(names = "--jwt-issuer", paramLabel = "ISS", description = "Verify bearer JWTs from this issuer (with --jwt-audience and --jwt-jwks).")
  String jwtIssuer;

  @Option(names = "--jwt-audience", paramLabel = "AUD", description = "Audience bearer JWTs must carry.")
  String jwtAudience;

  @Option(names = "--jwt-jwks", paramLabel = "FILE|URL", description = "JSON Web Key Set that signs the tokens: a file or an https URL (re-read every 10 minutes).")
  String jwtJwks;

  @Option(names = "--jwt-principal-claim", defaultValue = "sub", description = "Claim that names the agent. Default: ${DEFAULT-VALUE}.")
  String jwtPrincipalClaim;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve agents over TLS with this certificate chain (with --tls-key).")
  Path tlsCertificate;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--client-ca", paramLabel = "PEM", description = "Accept client certificates signed by these CAs; the certificate names the agent (URI SAN, else CN).")
  Path clientCa;

  @Option(names = "--require-client-cert", description = "Refuse agents without a valid client certificate.")
  boolean requireClientCertificate;

  @Option(names = "--control-ca", paramLabel = "PEM", defaultValue = "${env:PALISADE_CONTROL_CA}",
      description = "CA certificates to trust for an https control plane (the operator's CA). Default: the JDK trust store.")
  Path controlCa;

  @Option(names = "--control-plane", paramLabel = "URL", defaultValue = "${env:PALISADE_CONTROL_PLANE}",
      description = "The operator's control API: policies and pins from it, violations and tool hashes to it "
          + "(default: $PALISADE_CONTROL_PLANE; unset means standalone).")
  String controlPlane;

  @Option(names = "--control-token-file", paramLabel = "FILE",
      defaultValue = "${env:PALISADE_TOKEN_FILE:-/var/run/secrets/palisade.dev/serviceaccount/token}",
      description = "Projected ServiceAccount token (audience palisade) presented to the control API. Default: ${DEFAULT-VALUE}.")
  Path controlTokenFile;

  @Option(names = "--namespace", defaultValue = "${env:POD_NAMESPACE:-default}",
      description = "Namespace of the McpServer (with --control-plane). Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(names = "--fail-open", description = "Pass messages that could not be inspected (default: refuse them).")
  boolean failOpen;

  @Option(names = "--insecure-upstream-tls", description = "Accept any upstream TLS certificate (testing only).")
  boolean insecureUpstreamTls;

  @Override
  public Integer call() throws Exception {
    SidecarConfig config = config();
    SidecarServer server = SidecarServer.create(config);
    try {
      server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      server.close();
      spec.commandLine().getErr().println("palisade: cannot start: " + e.getCause().getMessage());
      return 1;
    }
    System.err.printf("palisade: proxying %s on %s:%d (admin %s)%n", config.upstream(), config.listenHost(), server.port(),
        server.adminPort() < 0 ? "off" : config.adminHost() + ":" + server.adminPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "palisade-shutdown"));
    stopped.await();
    return 0;
  }

  SidecarConfig config() {
    URI upstreamUri;
    try {
      upstreamUri = new URI(upstream);
    } catch (URISyntaxException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--upstream: not a URL: " + upstream);
    }
    HostPort listenAddress = parse("--listen", listen, "0.0.0.0");
    HostPort adminAddress = "-1".equals(admin.trim()) ? new HostPort("127.0.0.1", -1) : parse("--admin", admin, "0.0.0.0");
    TrustMode mode;
    try {
      mode = TrustMode.fromWireName(trustMode);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--trust-mode: expected pinned, trust-on-first-use or observe, got " + trustMode);
    }
    if (maxMessageBytes < 1024) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-message-bytes must be at least 1024");
    }
    ProxyLimits limits = ProxyLimits.DEFAULTS.withMaxMessageBytes(maxMessageBytes).withMaxSseEventBytes(maxMessageBytes)
        .withMaxOpenStreams(maxOpenStreams)
        .withTimeouts(ProxyLimits.DEFAULTS.bodyReadTimeout(), responseTimeout, streamIdleTimeout);
    Path auditFile = audit == null || "-".equals(audit) ? null : Path.of(audit);
    try {
      if (policy != null && !java.nio.file.Files.exists(policy)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--policy: no such file or directory: " + policy);
      }
      SidecarConfig config = new SidecarConfig(serverName, upstreamUri, listenAddress.host(), listenAddress.port(),
          adminAddress.host(), adminAddress.port(), limits, failOpen, mode, pins, auditFile, insecureUpstreamTls, policy,
          identity());
      return controlPlane == null || controlPlane.isBlank() ? config : config.withControlPlane(controlPlaneSettings());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--upstream: " + e.getMessage());
    }
  }

  private ControlPlaneSettings controlPlaneSettings() {
    URI url;
    try {
      url = new URI(controlPlane.trim());
    } catch (URISyntaxException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--control-plane: not a URL: " + controlPlane);
    }
    if (policy != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--policy and --control-plane exclude each other: policies come from one place");
    }
    // unique per process start: a restarted sidecar numbers its reports from 1 again
    String pod = System.getenv().getOrDefault("POD_NAME", "sidecar");
    String instance = pod + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    try {
      ControlPlaneSettings settings = ControlPlaneSettings.of(url, controlTokenFile, namespace, instance);
      if (controlCa != null && !java.nio.file.Files.isReadable(controlCa)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--control-ca: cannot read " + controlCa);
      }
      return controlCa == null ? settings : settings.withCa(controlCa);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--control-plane: " + e.getMessage());
    }
  }

  private IdentityConfig identity() {
    IdentityConfig identity = IdentityConfig.NONE.withTrustedHeader(principalHeader);
    boolean anyJwt = jwtIssuer != null || jwtAudience != null || jwtJwks != null;
    if (anyJwt) {
      if (jwtIssuer == null || jwtAudience == null || jwtJwks == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "JWT verification needs all of --jwt-issuer, --jwt-audience and --jwt-jwks");
      }
      URI jwks = jwtJwks.startsWith("https://") || jwtJwks.startsWith("http://") ? URI.create(jwtJwks)
          : Path.of(jwtJwks).toAbsolutePath().toUri();
      identity = identity.withJwt(new JwtSettings(jwtIssuer, jwtAudience, jwtPrincipalClaim, jwks, null));
    }
    if (tlsCertificate != null || tlsKey != null) {
      if (tlsCertificate == null || tlsKey == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "TLS needs both --tls-cert and --tls-key");
      }
      if (requireClientCertificate && clientCa == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--require-client-cert needs --client-ca");
      }
      identity = identity.withTls(new ListenerTls(tlsCertificate, tlsKey, clientCa, requireClientCertificate));
    } else if (clientCa != null || requireClientCertificate) {
      throw new CommandLine.ParameterException(spec.commandLine(), "client certificates need TLS: --tls-cert and --tls-key");
    }
    return identity;
  }

  private HostPort parse(String option, String value, String defaultHost) {
    try {
      return HostPort.parse(value, defaultHost);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
