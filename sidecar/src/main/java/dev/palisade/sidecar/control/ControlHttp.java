package dev.palisade.sidecar.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the sidecar's channels reach the operator: one JDK HTTP client (its own threads, never the
 * event loop; the operator's CA for an https control plane), the routes of this sidecar's McpServer,
 * the ServiceAccount token on every call, and the backoff between failed attempts.
 */
public final class ControlHttp {
  private static final Logger log = LoggerFactory.getLogger(ControlHttp.class);
  private static final long BACKOFF_BASE_MS = 100;
  private static final long BACKOFF_MAX_MS = 3_000;

  private final ControlPlaneSettings settings;
  private final String server;
  private final HttpClient client;

  public ControlHttp(ControlPlaneSettings settings, String server) {
    this.settings = settings;
    this.server = server;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (settings.caFile() != null) {
      builder.sslContext(ControlTls.trusting(settings.caFile()));
    }
    this.client = builder.build();
  }

  public HttpClient client() {
    return client;
  }

  public ControlPlaneSettings settings() {
    return settings;
  }

  /** The McpServer this sidecar protects. */
  public String server() {
    return server;
  }

  /** {@code BASE/v1/servers/NAMESPACE/SERVER/TAIL}. */
  public URI endpoint(String tail) {
    String base = settings.url().toString().replaceAll("/+$", "");
    return URI.create(base + "/v1/servers/" + settings.namespace() + "/" + server + "/" + tail);
  }

  /** The token is read for every call: the kubelet rotates it in place. */
  public HttpRequest.Builder authorized(HttpRequest.Builder request) {
    if (settings.tokenFile() != null) {
      try {
        request.header("Authorization", "Bearer " + Files.readString(settings.tokenFile()).trim());
      } catch (IOException e) {
        log.debug("control plane token {} unreadable: {}", settings.tokenFile(), e.toString());
      }
    }
    return request;
  }

  /** Exponential backoff with jitter: half the step fixed, half random, capped. */
  public static long backoff(int failures) {
    long step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(failures, 16));
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }
}
