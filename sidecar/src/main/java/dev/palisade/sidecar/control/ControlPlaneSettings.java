package dev.palisade.sidecar.control;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a sidecar reaches the operator's control API.
 *
 * @param url base URL of the control API, e.g. {@code https://palisade.palisade-system.svc:8443}
 * @param tokenFile projected ServiceAccount token (audience palisade), re-read for every call because the kubelet rotates it
 * @param namespace namespace of the McpServer this sidecar protects
 * @param instance this sidecar process, unique per start (reports are idempotent per instance and sequence)
 * @param bufferCapacity most distinct violations held while the operator cannot be reached; beyond it they are dropped and counted
 * @param longPollWait how long the operator may hold a config request open
 * @param heartbeat how often a report goes out even with no violations (it carries the observed tool hashes)
 * @param caFile PEM CA certificates to trust for an https control API (the operator's CA), or {@code null}
 *     for the JDK's default trust store
 */
public record ControlPlaneSettings(URI url, Path tokenFile, String namespace, String instance, int bufferCapacity,
    Duration longPollWait, Duration heartbeat, Path caFile) {

  public ControlPlaneSettings(URI url, Path tokenFile, String namespace, String instance, int bufferCapacity,
      Duration longPollWait, Duration heartbeat) {
    this(url, tokenFile, namespace, instance, bufferCapacity, longPollWait, heartbeat, null);
  }

  public ControlPlaneSettings withCa(Path ca) {
    return new ControlPlaneSettings(url, tokenFile, namespace, instance, bufferCapacity, longPollWait, heartbeat, ca);
  }
  public static final Path DEFAULT_TOKEN_FILE = Path.of("/var/run/secrets/palisade.dev/serviceaccount/token");

  public ControlPlaneSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(instance, "instance");
    if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException("control plane must be an http:// or https:// URL, got " + url);
    }
    if (bufferCapacity < 1) {
      throw new IllegalArgumentException("report buffer needs room for at least one violation");
    }
  }

  public static ControlPlaneSettings of(URI url, Path tokenFile, String namespace, String instance) {
    return new ControlPlaneSettings(url, tokenFile, namespace, instance, 10_000, Duration.ofSeconds(25),
        Duration.ofSeconds(10));
  }
}
