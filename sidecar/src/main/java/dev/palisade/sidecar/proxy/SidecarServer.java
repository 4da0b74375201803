package dev.palisade.sidecar.proxy;

import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.inspection.BuiltinDefaultPolicy;
import dev.palisade.inspection.DetectionInspector;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.InspectionPipeline;
import dev.palisade.inspection.Inspector;
import dev.palisade.integrity.PinRegistry;
import dev.palisade.integrity.ToolDefinitionHasher;
import dev.palisade.integrity.ToolIntegrityInspector;
import dev.palisade.mcp.CodecLimits;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.JsonLinesAuditLog;
import dev.palisade.sidecar.config.ProxyLimits;
import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.metrics.SidecarMetrics;
import dev.palisade.sidecar.pins.PinFile;
import dev.palisade.sidecar.pins.PinFileSync;
import dev.palisade.sidecar.session.RequestCorrelator;
import dev.palisade.sidecar.transport.McpRoutes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.security.SecureRandom;
import java.time.Clock;
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

  private final SidecarConfig config;
  private final Vertx vertx;
  private final SidecarMetrics metrics = new SidecarMetrics();
  private final PinRegistry pins;
  private final AuditLog audit;
  private final PinFileSync pinSync;
  private final PayloadInspector inspector;
  private final RequestCorrelator correlator = new RequestCorrelator(10_000, 1_024);
  private final McpRoutes routes;
  private volatile int port = -1;
  private volatile int adminPort = -1;
  private volatile boolean ready;

  /**
   * @param extraInspectors builds the inspectors that run after the integrity inspector (detection and
   *     policy plug in here); it receives the evidence factory so reports never carry raw values
   */
  public SidecarServer(SidecarConfig config, Clock clock, AuditLog audit,
      Function<EvidenceFactory, List<Inspector>> extraInspectors) {
    this.config = config;
    this.vertx = Vertx.vertx();
    this.audit = audit;
    this.pins = new PinRegistry(server -> config.trustMode(), clock);
    this.pinSync = config.pinFile() == null ? null : new PinFileSync(vertx, pins, new PinFile(config.pinFile()));
    this.routes = new McpRoutes(config.upstream());
    ProxyLimits limits = config.limits();
    JsonRpcCodec codec = new JsonRpcCodec(new CodecLimits(limits.maxMessageBytes(), limits.maxNestingDepth(), limits.maxBatchSize()));
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    EvidenceFactory evidence = new EvidenceFactory(salt);
    List<Inspector> inspectors = new ArrayList<>();
    inspectors.add(new ToolIntegrityInspector(pins, new ToolDefinitionHasher()));
    inspectors.addAll(extraInspectors.apply(evidence));
    InspectionPipeline pipeline = new InspectionPipeline(inspectors, config.failOpen());
    this.inspector = new PayloadInspector(config.serverName(), pipeline, codec, correlator, audit, metrics, clock);
    if (audit instanceof JsonLinesAuditLog lines) {
      metrics.gauge("palisade.audit.dropped", "Audit records dropped because the writer fell behind", lines::dropped);
    }
  }

  /** A sidecar with the default inspectors, auditing to the configured file or standard output. */
  public static SidecarServer create(SidecarConfig config) {
    AuditLog audit = config.auditFile() == null
        ? JsonLinesAuditLog.toStream(System.out)
        : JsonLinesAuditLog.toFile(config.auditFile());
    ScanEngine engine = DetectionEngine.scanEngine(null, ScanLimits.defaults());
    return new SidecarServer(config, Clock.systemUTC(), audit, detection(engine));
  }

  /** The detection step of the pipeline: the rule engine over every message, under the built-in default policy. */
  public static Function<EvidenceFactory, List<Inspector>> detection(ScanEngine engine) {
    return evidence -> List.of(new DetectionInspector(DetectionEngine.messageScanner(engine, evidence), new BuiltinDefaultPolicy()));
  }

  public Future<SidecarServer> start() {
    if (pinSync != null) {
      pinSync.start();
    }
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    Future<String> first = vertx.deployVerticle(new ProxyVerticle(config.listenPort()));
    return first
        .compose(id -> instances == 1 ? Future.succeededFuture(id)
            : vertx.deployVerticle(() -> new ProxyVerticle(port), new DeploymentOptions().setInstances(instances - 1)))
        .compose(id -> startAdmin())
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
      proxy.addInterceptor(new McpProxyInterceptor(vertx, limits, inspector, correlator, routes, metrics));
      HttpServerOptions serverOptions = new HttpServerOptions()
          .setHost(config.listenHost())
          .setPort(listenPort)
          .setMaxHeaderSize(limits.maxHeaderBytes())
          .setMaxInitialLineLength(8192)
          .setCompressionSupported(false)
          .setDecompressionSupported(false)
          .setIdleTimeout((int) Math.max(limits.clientIdleTimeout().toSeconds(), limits.streamIdleTimeout().toSeconds()))
          .setIdleTimeoutUnit(TimeUnit.SECONDS);
      HttpServer server = vertx.createHttpServer(serverOptions).requestHandler(proxy);
      return server.listen().onSuccess(s -> port = s.actualPort());
    }
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

  public SidecarMetrics metrics() {
    return metrics;
  }

  public SidecarConfig config() {
    return config;
  }

  @Override
  public void close() {
    ready = false;
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("sidecar did not stop cleanly: {}", e.toString());
    }
    if (pinSync != null) {
      pinSync.close();
    }
    audit.close();
  }
}
