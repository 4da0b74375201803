package dev.palisade.operator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API sidecars talk to (JDK HTTP server, TLS in cluster):
 * <ul>
 *   <li>{@code GET /v1/servers/{namespace}/{name}/config?version=V&wait=25s}: the server's effective
 *       configuration; when {@code V} is current, the answer waits (without holding a thread) until
 *       it changes (200) or the wait ends (304).</li>
 *   <li>{@code POST /v1/servers/{namespace}/{name}/reports}: a {@link SidecarReport}, acknowledged
 *       (200) only once applied; idempotent per sidecar and sequence.</li>
 *   <li>{@code POST /v1/servers/{namespace}/{name}/principals}: verifies an agent's token.</li>
 *   <li>{@code POST .../session-events} and {@code GET .../sessions}: cross-server sessions of the
 *       namespace ({@link SessionRoutes}).</li>
 * </ul>
 * Every call carries {@code Authorization: Bearer <projected ServiceAccount token>} and is authorized
 * for the McpServer it names, the same way for every route.
 */
public final class ControlApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlApiServer.class);
  private static final Pattern ROUTE = Pattern.compile(
      "^/v1/servers/([a-z0-9][a-z0-9.-]{0,252})/([a-z0-9][a-z0-9.-]{0,252})/(config|reports|principals|session-events|sessions)$");
  private static final Map<String, String> METHODS = Map.of("config", "GET", "reports", "POST", "principals", "POST",
      "session-events", "POST", "sessions", "GET");
  private static final int MAX_REPORT_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InetSocketAddress address;
  private final SSLContext tls;
  private final ServerConfigs configs;
  private final ReportApplier reports;
  private final SidecarAuthenticator authenticator;
  private final SidecarAuthorizer authorizer;
  private final Duration maxWait;
  private final SidecarAuthenticator agentTokens;
  private final Hooks hooks;
  private final LongPolls polls;
  private final SessionRoutes sessions;
  private final ExecutorService handlers = Executors.newFixedThreadPool(4, runnable -> {
    Thread thread = new Thread(runnable, "palisade-control-api");
    thread.setDaemon(true);
    return thread;
  });
  private HttpServer server;

  /** @param tls the server's TLS context, or {@code null} for plain HTTP (tests, or TLS terminated in front) */
  public ControlApiServer(InetSocketAddress address, SSLContext tls, ServerConfigs configs, ReportApplier reports,
      SidecarAuthenticator authenticator, SidecarAuthorizer authorizer, Duration maxWait) {
    this(address, tls, configs, reports, authenticator, authorizer, maxWait, null, Hooks.NONE, null);
  }

  /**
   * What the running operator tells the API: where to count requests, and whether this replica
   * serves sidecars at all (only the leader does: its reconcilers build the policy catalog, it
   * receives the tool observations and holds the cross-server sessions; other replicas answer 503 and
   * the sidecar retries).
   *
   * @param requests told the route of every request ({@code config}, {@code reports}, ...)
   * @param serving whether to answer sidecars now
   */
  public record Hooks(Consumer<String> requests, BooleanSupplier serving) {
    public static final Hooks NONE = new Hooks(route -> { }, () -> true);
  }

  /**
   * @param agentTokens verifies the ServiceAccount tokens agents present to a sidecar (another
   *     audience than the sidecars' own), or {@code null} to offer no such verification
   * @param sessions the cross-server session store, or {@code null} to offer none (404)
   */
  public ControlApiServer(InetSocketAddress address, SSLContext tls, ServerConfigs configs, ReportApplier reports,
      SidecarAuthenticator authenticator, SidecarAuthorizer authorizer, Duration maxWait, SidecarAuthenticator agentTokens,
      Hooks hooks, dev.palisade.operator.sessions.SharedSessionStore sessions) {
    this.address = address;
    this.tls = tls;
    this.configs = configs;
    this.reports = reports;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.maxWait = maxWait;
    this.agentTokens = agentTokens;
    this.hooks = hooks;
    this.polls = new LongPolls();
    this.sessions = sessions == null ? null : new SessionRoutes(sessions, polls, maxWait);
  }

  public ControlApiServer start() throws IOException {
    if (tls == null) {
      server = HttpServer.create(address, 128);
    } else {
      HttpsServer https = HttpsServer.create(address, 128);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
    log.info("control API listening on {} ({})", server.getAddress(), tls == null ? "http" : "https");
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Something a configuration depends on changed: answer the waiters whose configuration is now different. */
  public void configChanged() {
    polls.changed(topic -> topic.startsWith("config:"));
  }

  private void handle(HttpExchange exchange) {
    try {
      if ("/healthz".equals(exchange.getRequestURI().getPath())) {
        HttpExchanges.send(exchange, 200, "{\"status\":\"UP\"}");
        return;
      }
      Matcher route = ROUTE.matcher(exchange.getRequestURI().getPath());
      hooks.requests().accept(route.matches() ? route.group(3) : "unknown");
      if (!route.matches()) {
        HttpExchanges.send(exchange, 404, HttpExchanges.error("no such endpoint"));
        return;
      }
      if (!hooks.serving().getAsBoolean()) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        HttpExchanges.send(exchange, 503, HttpExchanges.error("this operator replica is not the leader"));
        return;
      }
      String namespace = route.group(1);
      String name = route.group(2);
      String kind = route.group(3);
      if (!METHODS.get(kind).equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", METHODS.get(kind));
        HttpExchanges.send(exchange, 405, HttpExchanges.error("method not allowed"));
        return;
      }
      Integer refused = authorize(exchange, namespace, name);
      if (refused != null) {
        HttpExchanges.send(exchange, refused, HttpExchanges.error(refused == 503 ? "cannot verify the token now"
            : refused == 401 ? "a projected ServiceAccount token with audience palisade is required"
            : "not allowed for this McpServer"));
        return;
      }
      route(exchange, kind, namespace, name);
    } catch (IOException | RuntimeException e) {
      log.warn("control API request failed path={} error={}", exchange.getRequestURI().getPath(), e.toString());
      try {
        HttpExchanges.send(exchange, 500, HttpExchanges.error("internal error"));
      } catch (IOException ignored) {
        exchange.close();
      }
    }
  }

  private void route(HttpExchange exchange, String kind, String namespace, String name) throws IOException {
    switch (kind) {
      case "config" -> config(exchange, namespace, name);
      case "principals" -> principal(exchange);
      case "reports" -> report(exchange, namespace, name);
      default -> {
        if (sessions == null) {
          HttpExchanges.send(exchange, 404, HttpExchanges.error("cross-server sessions are not enabled"));
        } else if ("sessions".equals(kind)) {
          sessions.sessions(exchange, namespace);
        } else {
          sessions.events(exchange, namespace, name);
        }
      }
    }
  }

  /** The HTTP status that refuses the call, or {@code null} when the caller may go on. */
  private Integer authorize(HttpExchange exchange, String namespace, String name) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
      return 401;
    }
    try {
      Optional<SidecarIdentity> identity = authenticator.authenticate(header.substring(7).trim());
      if (identity.isEmpty()) {
        return 401;
      }
      if (!authorizer.mayActFor(identity.get(), namespace, name)) {
        log.info("control API refused namespace={} server={} serviceAccount={}/{} pod={}", namespace, name,
            identity.get().namespace(), identity.get().serviceAccount(), identity.get().pod());
        return 403;
      }
      return null;
    } catch (SidecarAuthenticator.AuthenticationUnavailable e) {
      log.warn("control API cannot authenticate now: {}", e.getMessage());
      return 503;
    }
  }

  /**
   * Verifies a ServiceAccount token an agent presented to the calling sidecar and answers with the
   * identity it proves ({@code system:serviceaccount:NS:NAME}), or {@code "principal": null}.
   */
  private void principal(HttpExchange exchange) throws IOException {
    if (agentTokens == null) {
      HttpExchanges.send(exchange, 404, HttpExchanges.error("agent token verification is not enabled"));
      return;
    }
    byte[] body = HttpExchanges.body(exchange, 16 * 1024);
    if (body == null) {
      HttpExchanges.send(exchange, 413, HttpExchanges.error("request too large"));
      return;
    }
    String token = JSON.readTree(body).path("token").asText("");
    if (token.isEmpty()) {
      HttpExchanges.send(exchange, 400, HttpExchanges.error("token is required"));
      return;
    }
    try {
      Optional<SidecarIdentity> agent = agentTokens.authenticate(token);
      ObjectNode answer = JSON.createObjectNode();
      if (agent.isPresent()) {
        answer.put("principal", "system:serviceaccount:" + agent.get().namespace() + ":" + agent.get().serviceAccount());
      } else {
        answer.putNull("principal");
      }
      HttpExchanges.send(exchange, 200, answer.toString());
    } catch (SidecarAuthenticator.AuthenticationUnavailable e) {
      HttpExchanges.send(exchange, 503, HttpExchanges.error("cannot verify the token now"));
    }
  }

  private void config(HttpExchange exchange, String namespace, String name) throws IOException {
    String version = HttpExchanges.query(exchange, "version");
    Optional<ObjectNode> current;
    try {
      current = configs.of(namespace, name);
    } catch (KubernetesClientException e) {
      log.warn("config not available namespace={} server={} code={}", namespace, name, e.getCode());
      HttpExchanges.send(exchange, 503, HttpExchanges.error("cannot build the configuration now, retry"));
      return;
    }
    if (current.isEmpty()) {
      HttpExchanges.send(exchange, 404, HttpExchanges.error("no McpServer " + namespace + "/" + name));
      return;
    }
    Duration wait = HttpExchanges.waitOf(HttpExchanges.query(exchange, "wait"), maxWait);
    if (version == null || wait.isZero() || !version.equals(current.get().path("version").asText())) {
      HttpExchanges.send(exchange, 200, current.get().toString());
      return;
    }
    polls.hold(exchange, "config:" + namespace + "/" + name, wait, () -> {
      Optional<ObjectNode> now = configs.of(namespace, name);
      if (now.isEmpty()) {
        return Optional.of(new LongPolls.Answer(404, HttpExchanges.error("no McpServer " + namespace + "/" + name)));
      }
      return version.equals(now.get().path("version").asText()) ? Optional.empty()
          : Optional.of(new LongPolls.Answer(200, now.get().toString()));
    });
  }

  private void report(HttpExchange exchange, String namespace, String name) throws IOException {
    byte[] body = HttpExchanges.body(exchange, MAX_REPORT_BYTES);
    if (body == null) {
      HttpExchanges.send(exchange, 413, HttpExchanges.error("report larger than " + MAX_REPORT_BYTES + " bytes"));
      return;
    }
    SidecarReport report;
    try {
      report = JSON.readValue(body, SidecarReport.class);
    } catch (JsonProcessingException e) {
      HttpExchanges.send(exchange, 400, HttpExchanges.error("not a report: " + e.getOriginalMessage()));
      return;
    }
    String problem = report.problem();
    if (problem != null) {
      HttpExchanges.send(exchange, 400, HttpExchanges.error(problem));
      return;
    }
    try {
      reports.apply(namespace, name, report);
    } catch (KubernetesClientException e) {
      log.warn("report not stored namespace={} server={} sidecar={} sequence={} code={}", namespace, name,
          report.sidecar(), report.sequence(), e.getCode());
      HttpExchanges.send(exchange, 503, HttpExchanges.error("cannot store the report now, retry"));
      return;
    }
    HttpExchanges.send(exchange, 200, "{\"sequence\":" + report.sequence() + "}");
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    polls.close();
    handlers.shutdownNow();
  }
}
