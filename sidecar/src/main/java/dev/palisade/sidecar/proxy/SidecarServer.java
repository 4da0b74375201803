package dev.palisade.sidecar.proxy;

import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.inspection.DetectionInspector;
import dev.palisade.inspection.Detector;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.InspectionPipeline;
import dev.palisade.startup.BackgroundBuild;
import dev.palisade.inspection.Inspector;
import dev.palisade.integrity.PinRegistry;
import dev.palisade.integrity.ToolDefinitionHasher;
import dev.palisade.integrity.ToolIntegrityInspector;
import dev.palisade.mcp.CodecLimits;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.JsonLinesAuditLog;
import dev.palisade.sidecar.control.ConfigApplier;
import dev.palisade.sidecar.control.ControlChannel;
import dev.palisade.sidecar.control.ControlHttp;
import dev.palisade.sidecar.sessions.NamespaceSalt;
import dev.palisade.sidecar.sessions.SharedSessionChannel;
import dev.palisade.sidecar.sessions.SharedSessionReplica;
import dev.palisade.policy.shared.CrossServerSessions;
import dev.palisade.sidecar.control.ReportBuffer;
import dev.palisade.sidecar.control.ReportingAuditLog;
import dev.palisade.sidecar.config.ProxyLimits;
import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.identity.AgentTokens;
import dev.palisade.sidecar.identity.IdentityResolver;
import dev.palisade.sidecar.identity.JwksKeys;
import dev.palisade.sidecar.identity.JwtSettings;
import dev.palisade.sidecar.identity.JwtVerifier;
import dev.palisade.sidecar.identity.ListenerTls;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import dev.palisade.sidecar.metrics.SidecarMetrics;
import dev.palisade.policy.ArgumentValidator;
import dev.palisade.policy.BuiltinPolicies;
import dev.palisade.policy.DataFingerprints;
import dev.palisade.policy.InMemorySessionStore;
import dev.palisade.policy.PolicyEngine;
import dev.palisade.policy.RateLimiter;
import dev.palisade.policy.SessionTracker;
import dev.palisade.policy.ToolCatalog;
import dev.palisade.policy.ToolTaxonomy;
import dev.palisade.sidecar.pins.PinFile;
import dev.palisade.sidecar.policy.PolicyFiles;
import dev.palisade.sidecar.pins.PinFileSync;
import dev.palisade.sidecar.session.RequestCorrelator;
import dev.palisade.sidecar.transport.McpRoutes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sidecar: one proxy listener per event loop in front of the upstream MCP server, plus the
 * admin listener for health and metrics. Everything stateful (pins, request correlation, audit,
 * metrics) is shared by the listeners.
 */
public final class SidecarServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SidecarServer.class);
  /** Vert.x picks one random port and shares it between every listener that asks for this value. */
  private static final int SHARED_RANDOM_PORT = -1;

  private final SidecarConfig config;
  private final Vertx vertx;
  private final SidecarMetrics metrics = new SidecarMetrics();
  private final PinRegistry pins;
  private final AuditLog audit;
  private final PinFileSync pinSync;
  private final PayloadInspector inspector;
  private final RequestCorrelator correlator = new RequestCorrelator(10_000, 1_024);
  private final PolicyEngine policies;
  private final PolicyFiles policyFiles;
  private final InMemorySessionStore sessions;
  private final JwksKeys jwksKeys;
  private final IdentityResolver identities;
  private final McpRoutes routes;
  private final java.util.concurrent.atomic.AtomicReference<dev.palisade.integrity.TrustMode> trustMode;
  private final ControlChannel control;
  private final SharedSessionChannel sharedSessionChannel;
  private final AgentTokens agentTokens;
  private volatile int port = -1;
  private volatile int adminPort = -1;
  private volatile boolean ready;
  /** Threads for blocking work (policy and pin file polls, JWKS refreshes): none of it is on a request's path. */
  private static final int WORKER_THREADS = 4;

  /** Proxy listeners, each on its own event loop: one per available core. */
  private static int listenerCount() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param detectors builds the detectors whose findings the policy engine decides about; it receives
   *     the evidence factory so reports never carry raw values
   */
  public SidecarServer(SidecarConfig config, Clock clock, AuditLog audit,
      Function<EvidenceFactory, List<Detector>> detectors) {
    this.config = config;
    // Vert.x reports its HTTP server and client request counts and latencies into the same registry.
    // One event loop per proxy listener, and a few workers for the file polls and key refreshes:
    // Vert.x's defaults (two loops per core, twenty workers, each poll starting a new one until all
    // twenty exist) left a sidecar with 44 threads, each a stack the collector scans at every pause.
    this.vertx = Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(listenerCount())
            .setWorkerPoolSize(WORKER_THREADS)
            .setInternalBlockingPoolSize(WORKER_THREADS)
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                .addLabels(Label.HTTP_METHOD, Label.HTTP_CODE)))
        .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
        .build();
    ReportBuffer reports = config.controlPlane() == null ? null : new ReportBuffer(config.controlPlane().bufferCapacity());
    ControlHttp controlHttp = config.controlPlane() == null ? null : new ControlHttp(config.controlPlane(), config.serverName());
    SharedSessionReplica sharedSessions = controlHttp == null ? null
        : new SharedSessionReplica(SharedSessionReplica.Limits.DEFAULT);
    this.audit = reports == null ? audit : new ReportingAuditLog(audit, reports);
    this.trustMode = new java.util.concurrent.atomic.AtomicReference<>(config.trustMode());
    this.pins = new PinRegistry(server -> trustMode.get(), clock);
    this.pinSync = config.pinFile() == null ? null : new PinFileSync(vertx, pins, new PinFile(config.pinFile()));
    this.routes = new McpRoutes(config.upstream());
    JwtSettings jwt = config.identity().jwt();
    this.jwksKeys = jwt == null ? null : new JwksKeys(jwt.jwks());
    this.identities = new IdentityResolver(jwt == null ? null : new JwtVerifier(jwt, jwksKeys), config.identity().trustedHeader());
    ProxyLimits limits = config.limits();
    JsonRpcCodec codec = new JsonRpcCodec(new CodecLimits(limits.maxMessageBytes(), limits.maxNestingDepth(), limits.maxBatchSize()));
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    EvidenceFactory evidence = new EvidenceFactory(salt);
    DataFingerprints fingerprints = new DataFingerprints(new SecureRandom().nextLong());
    ToolCatalog catalog = new ToolCatalog();
    this.sessions = new InMemorySessionStore(10_000, Duration.ofMinutes(30));
    this.policies = new PolicyEngine(BuiltinPolicies.defaultPolicy(), server -> Map.of(), catalog,
        new ArgumentValidator(), new RateLimiter(clock, 100_000),
        new SessionTracker(sessions, catalog, new ToolTaxonomy(), fingerprints,
            sharedSessions == null ? CrossServerSessions.NONE : sharedSessions));
    this.policyFiles = config.policyPath() == null ? null : new PolicyFiles(vertx, config.policyPath(), policies);
    List<Detector> found = detectors.apply(evidence);
    Detector detector = (exchange, message) -> {
      if (found.isEmpty()) {
        return List.of();
      }
      List<Finding> all = new ArrayList<>();
      for (Detector d : found) {
        all.addAll(d.detect(exchange, message));
      }
      return all;
    };
    List<Inspector> inspectors = List.of(
        new ToolIntegrityInspector(pins, new ToolDefinitionHasher(), policies::monitorOnly),
        new DetectionInspector(detector, policies));
    InspectionPipeline pipeline = new InspectionPipeline(inspectors, config.failOpen());
    this.inspector = new PayloadInspector(config.serverName(), pipeline, codec, correlator, this.audit, metrics, clock);
    if (audit instanceof JsonLinesAuditLog lines) {
      metrics.gauge("palisade.audit.dropped", "Audit records dropped because the writer fell behind", lines::dropped);
    }
    this.control = controlHttp == null ? null : new ControlChannel(controlHttp, reports, new ConfigApplier(
        config.serverName(), policies, pins, trustMode::set, new NamespaceSalt(evidence, fingerprints, sharedSessions)),
        pins, metrics.registry());
    this.sharedSessionChannel = controlHttp == null ? null
        : new SharedSessionChannel(controlHttp, sharedSessions, clock, metrics.registry());
    this.agentTokens = control == null ? null : new AgentTokens(control::verifyAgentToken, clock);
  }

  /** A sidecar with the default detectors, auditing to the configured file or standard output. */
  public static SidecarServer create(SidecarConfig config) {
    return create(config, Clock.systemUTC());
  }

  /** The same with another clock (tests move time instead of waiting for it). */
  public static SidecarServer create(SidecarConfig config, Clock clock) {
    // Building the detection engine is most of a start: it runs on its own thread while Vert.x,
    // metrics and policies are set up here, and the constructor waits for it where it plugs it in.
    BackgroundBuild<ScanEngine> engine = defaultEngine();
    AuditLog audit = config.auditFile() == null
        ? JsonLinesAuditLog.toStream(System.out)
        : JsonLinesAuditLog.toFile(config.auditFile());
    return new SidecarServer(config, clock, audit, evidence -> detection(engine.await()).apply(evidence));
  }


  private static BackgroundBuild<ScanEngine> defaultEngine;

  /**
   * The engine over the shipped rule packs, one per process (it is immutable and safe to share), its
   * build started by the first call. The proxy command calls this before it parses its arguments, so
   * the build overlaps with the command line and the JVM's own start.
   */
  public static synchronized BackgroundBuild<ScanEngine> defaultEngine() {
    if (defaultEngine == null) {
      defaultEngine = BackgroundBuild.start("palisade-engine-build", () -> DetectionEngine.scanEngine(null, ScanLimits.defaults()));
    }
    return defaultEngine;
  }

  /** The detectors of the pipeline: the rule engine over every message (the policy engine decides). */
  public static Function<EvidenceFactory, List<Detector>> detection(ScanEngine engine) {
    return evidence -> List.of(DetectionEngine.messageScanner(engine, evidence));
  }

  /** The policy engine (tests and the operator's control channel replace policies through it). */
  public PolicyEngine policies() {
    return policies;
  }

  public Future<SidecarServer> start() {
    if (pinSync != null) {
      pinSync.start();
    }
    if (policyFiles != null) {
      try {
        policyFiles.start();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      metrics.gauge("palisade.policy.reloads", "Policy reloads applied", policyFiles::reloads);
      metrics.gauge("palisade.policy.reload.failures", "Policy changes rejected as invalid", policyFiles::reloadFailures);
    }
    metrics.gauge("palisade.sessions", "Sessions tracked for sequence rules", sessions::size);
    metrics.gauge("palisade.sessions.evicted.memory", "Sessions dropped early to keep their fingerprints within budget",
        sessions::evictedForMemory);
    if (control != null) {
      control.start();
      sharedSessionChannel.start();
    }
    int instances = listenerCount();
    Future<Void> keys = startKeyRefresh();
    // Instances share one listening socket only for a fixed port or a negative one: Vert.x gives each
    // listener asked for port 0 its own random port, so all traffic would reach one event loop.
    int listenPort = config.listenPort() == 0 ? SHARED_RANDOM_PORT : config.listenPort();
    // the admin listener starts beside the proxy listeners (on another event loop): /readyz says
    // "not ready" until both are up
    Future<String> listeners = keys.compose(v ->
        vertx.deployVerticle(() -> new ProxyVerticle(listenPort), new DeploymentOptions().setInstances(instances)));
    return Future.all(listeners, startAdmin())
        .map(v -> {
          ready = true;
          log.info("palisade sidecar listening on {}:{} for upstream {} (admin port {})",
              config.listenHost(), port, config.upstream(), adminPort);
          return this;
        });
  }

  private Future<Void> startAdmin() {
    if (config.adminPort() < 0) {
      return Future.succeededFuture();
    }
    AdminEndpoints admin = new AdminEndpoints(metrics, () -> ready);
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.adminHost()).setPort(config.adminPort()))
        .requestHandler(admin::handle)
        .listen()
        .map(server -> {
          adminPort = server.actualPort();
          return null;
        });
  }

  /** One proxy listener on its own event loop, with its own upstream connection pool. */
  private final class ProxyVerticle extends VerticleBase {
    private final int listenPort;

    ProxyVerticle(int listenPort) {
      this.listenPort = listenPort;
    }

    @Override
    public Future<?> start() {
      ProxyLimits limits = config.limits();
      HttpClientOptions clientOptions = new HttpClientOptions()
          .setKeepAlive(true)
          .setDecompressionSupported(false)
          .setConnectTimeout((int) limits.connectTimeout().toMillis())
          .setSsl(config.upstreamTls())
          .setTrustAll(config.trustUpstreamCertificates())
          .setVerifyHost(!config.trustUpstreamCertificates());
      // SSE streams hold a connection each for their whole life: size the pool for them.
      PoolOptions pool = new PoolOptions().setHttp1MaxSize(limits.maxOpenStreams() + 64).setMaxWaitQueueSize(4096);
      HttpClient client = vertx.httpClientBuilder().with(clientOptions).with(pool).build();
      HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client);
      proxy.origin(new UpstreamOrigin(config));
      proxy.addInterceptor(new McpProxyInterceptor(vertx, limits, inspector, correlator, routes, metrics, identities,
          new UpstreamAnswers(client, config),
          agentTokens));
      HttpServerOptions serverOptions = listenerTls(new HttpServerOptions())
          .setHost(config.listenHost())
          .setPort(listenPort)
          .setMaxHeaderSize(limits.maxHeaderBytes())
          .setMaxInitialLineLength(8192)
          .setCompressionSupported(false)
          .setDecompressionSupported(false)
          .setHttp2ClearTextEnabled(false)
          .setIdleTimeout((int) Math.max(limits.clientIdleTimeout().toSeconds(), limits.streamIdleTimeout().toSeconds()))
          .setIdleTimeoutUnit(TimeUnit.SECONDS);
      // Slow request heads (slowloris) never look idle; the body deadline doubles as the head deadline.
      RequestHeadDeadline heads = new RequestHeadDeadline(limits.bodyReadTimeout(), limits.clientIdleTimeout(), metrics);
      heads.start(vertx);
      HttpServer server = vertx.createHttpServer(serverOptions)
          .connectionHandler(heads::onConnection)
          .invalidRequestHandler(InvalidRequests::handle)
          .requestHandler(heads.guard(proxy));
      return server.listen().onSuccess(s -> port = s.actualPort());
    }
  }

  private HttpServerOptions listenerTls(HttpServerOptions options) {
    ListenerTls tls = config.identity().tls();
    if (tls == null) {
      return options;
    }
    options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(tls.certificate().toString()).setKeyPath(tls.privateKey().toString()));
    if (tls.clientCa() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCa().toString()))
          .setClientAuth(tls.requireClientCertificate() ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
    }
    return options;
  }

  /** Reads the JWT verification keys at start (a missing key set stops the start) and then periodically. */
  private Future<Void> startKeyRefresh() {
    if (jwksKeys == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      jwksKeys.refresh();
      return null;
    }).map(v -> {
      long every = config.identity().jwt().refreshInterval().toMillis();
      vertx.setPeriodic(every, id -> vertx.executeBlocking(() -> {
        try {
          jwksKeys.refresh();
        } catch (java.io.IOException e) {
          log.warn("JWKS refresh from {} failed, keeping the previous keys: {}", jwksKeys.location(), e.getMessage());
        }
        return null;
      }, false));
      return null;
    });
  }

  public int port() {
    return port;
  }

  public int adminPort() {
    return adminPort;
  }

  public PinRegistry pins() {
    return pins;
  }

  /** The channel to the operator, or {@code null} when standalone. */
  public ControlChannel control() {
    return control;
  }

  public SidecarMetrics metrics() {
    return metrics;
  }

  public SidecarConfig config() {
    return config;
  }

  @Override
  public void close() {
    ready = false;
    if (control != null) {
      control.close();
      sharedSessionChannel.close();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("sidecar did not stop cleanly: {}", e.toString());
    }
    if (pinSync != null) {
      pinSync.close();
    }
    if (policyFiles != null) {
      policyFiles.close();
    }
    audit.close();
  }
}
