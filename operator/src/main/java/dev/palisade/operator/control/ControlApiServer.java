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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * </ul>
 * Every call carries {@code Authorization: Bearer <projected ServiceAccount token>}.
 */
public final class ControlApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlApiServer.class);
  private static final Pattern ROUTE = Pattern.compile("^/v1/servers/([a-z0-9][a-z0-9.-]{0,252})/([a-z0-9][a-z0-9.-]{0,252})/(config|reports|principals)$");
  private static final int MAX_REPORT_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InetSocketAddress address;
  private final SSLContext tls;
  private final ServerConfigs configs;
  private final ReportApplier reports;
  private final SidecarAuthenticator authenticator;
  private final SidecarAuthorizer authorizer;
  private final Duration maxWait;
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final ExecutorService handlers = Executors.newFixedThreadPool(4, daemon("palisade-control-api"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("palisade-control-wait"));
  private HttpServer server;

  /** A config request waiting for a change. */
  private static final class Waiter {
    final String namespace;
    final String name;
    final String version;
    final HttpExchange exchange;
    final AtomicBoolean answered = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;

    Waiter(String namespace, String name, String version, HttpExchange exchange) {
      this.namespace = namespace;
      this.name = name;
      this.version = version;
      this.exchange = exchange;
    }
  }

  /** @param tls the server's TLS context, or {@code null} for plain HTTP (tests, or TLS terminated in front) */
  public ControlApiServer(InetSocketAddress address, SSLContext tls, ServerConfigs configs, ReportApplier reports,
      SidecarAuthenticator authenticator, SidecarAuthorizer authorizer, Duration maxWait) {
    this(address, tls, configs, reports, authenticator, authorizer, maxWait, null);
  }

  /**
   * @param agentTokens verifies the ServiceAccount tokens agents present to a sidecar (another
   *     audience than the sidecars' own), or {@code null} to offer no such verification
   */
  public ControlApiServer(InetSocketAddress address, SSLContext tls, ServerConfigs configs, ReportApplier reports,
      SidecarAuthenticator authenticator, SidecarAuthorizer authorizer, Duration maxWait, SidecarAuthenticator agentTokens) {
    this(address, tls, configs, reports, authenticator, authorizer, maxWait, agentTokens, Hooks.NONE);
  }

  /**
   * What the running operator tells the API: where to count requests, and whether this replica
   * serves sidecars at all (only the leader does: its reconcilers build the policy catalog and
   * receive the tool observations; other replicas answer 503 and the sidecar retries).
   *
   * @param requests told the route of every request ({@code config}, {@code reports}, ...)
   * @param serving whether to answer sidecars now
   */
  public record Hooks(Consumer<String> requests, BooleanSupplier serving) {
    public static final Hooks NONE = new Hooks(route -> { }, () -> true);
  }

  public ControlApiServer(InetSocketAddress address, SSLContext tls, ServerConfigs configs, ReportApplier reports,
      SidecarAuthenticator authenticator, SidecarAuthorizer authorizer, Duration maxWait, SidecarAuthenticator agentTokens,
      Hooks hooks) {
    this.hooks = hooks;
    this.agentTokens = agentTokens;
    this.address = address;
    this.tls = tls;
    this.configs = configs;
    this.reports = reports;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.maxWait = maxWait;
  }

  private final SidecarAuthenticator agentTokens;
  private final Hooks hooks;

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
    if (!timers.isShutdown()) {
      timers.execute(() -> waiters.forEach(this::answerIfChanged));
    }
  }

  private void handle(HttpExchange exchange) {
    try {
      if ("/healthz".equals(exchange.getRequestURI().getPath())) {
        send(exchange, 200, "{\"status\":\"UP\"}");
        return;
      }
      Matcher route = ROUTE.matcher(exchange.getRequestURI().getPath());
      hooks.requests().accept(route.matches() ? route.group(3) : "unknown");
      if (!route.matches()) {
        send(exchange, 404, error("no such endpoint"));
        return;
      }
      if (!hooks.serving().getAsBoolean()) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 503, error("this operator replica is not the leader"));
        return;
      }
      String namespace = route.group(1);
      String name = route.group(2);
      boolean config = "config".equals(route.group(3));
      boolean principals = "principals".equals(route.group(3));
      String method = exchange.getRequestMethod();
      if (config ? !"GET".equals(method) : !"POST".equals(method)) {
        exchange.getResponseHeaders().set("Allow", config ? "GET" : "POST");
        send(exchange, 405, error("method not allowed"));
        return;
      }
      Integer refused = authorize(exchange, namespace, name);
      if (refused != null) {
        send(exchange, refused, error(refused == 503 ? "cannot verify the token now" : refused == 401
            ? "a projected ServiceAccount token with audience palisade is required" : "not allowed for this McpServer"));
        return;
      }
      if (config) {
        config(exchange, namespace, name);
      } else if (principals) {
        principal(exchange);
      } else {
        report(exchange, namespace, name);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("control API request failed path={} error={}", exchange.getRequestURI().getPath(), e.toString());
      try {
        send(exchange, 500, error("internal error"));
      } catch (IOException ignored) {
        exchange.close();
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
      send(exchange, 404, error("agent token verification is not enabled"));
      return;
    }
    byte[] body = exchange.getRequestBody().readNBytes(16 * 1024 + 1);
    if (body.length > 16 * 1024) {
      send(exchange, 413, error("request too large"));
      return;
    }
    String token = JSON.readTree(body).path("token").asText("");
    if (token.isEmpty()) {
      send(exchange, 400, error("token is required"));
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
      send(exchange, 200, answer.toString());
    } catch (SidecarAuthenticator.AuthenticationUnavailable e) {
      send(exchange, 503, error("cannot verify the token now"));
    }
  }

  private void config(HttpExchange exchange, String namespace, String name) throws IOException {
    String version = query(exchange, "version");
    Optional<ObjectNode> current = configs.of(namespace, name);
    if (current.isEmpty()) {
      send(exchange, 404, error("no McpServer " + namespace + "/" + name));
      return;
    }
    Duration wait = waitOf(query(exchange, "wait"));
    if (version == null || wait.isZero() || !version.equals(current.get().path("version").asText())) {
      send(exchange, 200, current.get().toString());
      return;
    }
    Waiter waiter = new Waiter(namespace, name, version, exchange);
    waiters.add(waiter);
    waiter.timeout = timers.schedule(() -> answer(waiter, 304, null), wait.toMillis(), TimeUnit.MILLISECONDS);
    answerIfChanged(waiter); // a change between the first look and registering must not be missed
  }

  private void answerIfChanged(Waiter waiter) {
    if (waiter.answered.get()) {
      return;
    }
    try {
      Optional<ObjectNode> current = configs.of(waiter.namespace, waiter.name);
      if (current.isEmpty()) {
        answer(waiter, 404, error("no McpServer " + waiter.namespace + "/" + waiter.name));
      } else if (!waiter.version.equals(current.get().path("version").asText())) {
        answer(waiter, 200, current.get().toString());
      }
    } catch (RuntimeException e) {
      log.warn("control API config refresh failed server={}/{} error={}", waiter.namespace, waiter.name, e.toString());
    }
  }

  private void answer(Waiter waiter, int status, String body) {
    if (!waiter.answered.compareAndSet(false, true)) {
      return;
    }
    waiters.remove(waiter);
    ScheduledFuture<?> timeout = waiter.timeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
    try {
      send(waiter.exchange, status, body);
    } catch (IOException e) {
      waiter.exchange.close(); // the sidecar went away while waiting
    }
  }

  private void report(HttpExchange exchange, String namespace, String name) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_REPORT_BYTES + 1);
    }
    if (body.length > MAX_REPORT_BYTES) {
      send(exchange, 413, error("report larger than " + MAX_REPORT_BYTES + " bytes"));
      return;
    }
    SidecarReport report;
    try {
      report = JSON.readValue(body, SidecarReport.class);
    } catch (JsonProcessingException e) {
      send(exchange, 400, error("not a report: " + e.getOriginalMessage()));
      return;
    }
    String problem = report.problem();
    if (problem != null) {
      send(exchange, 400, error(problem));
      return;
    }
    try {
      reports.apply(namespace, name, report);
    } catch (KubernetesClientException e) {
      log.warn("report not stored namespace={} server={} sidecar={} sequence={} code={}", namespace, name,
          report.sidecar(), report.sequence(), e.getCode());
      send(exchange, 503, error("cannot store the report now, retry"));
      return;
    }
    send(exchange, 200, "{\"sequence\":" + report.sequence() + "}");
  }

  private Duration waitOf(String text) {
    if (text == null || text.isBlank()) {
      return Duration.ZERO;
    }
    String seconds = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
    try {
      long value = Long.parseLong(seconds.trim());
      return value <= 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(value, maxWait.toSeconds()));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }

  private static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equals(key)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String error(String message) {
    return JSON.createObjectNode().put("error", message).toString();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    try {
      if (body == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    waiters.forEach(w -> w.exchange.close());
    waiters.clear();
    timers.shutdownNow();
    handlers.shutdownNow();
  }
}
