package dev.palisade.operator;

import dev.palisade.operator.control.ControlPlane;
import dev.palisade.operator.control.TokenReviewAuthenticator;
import dev.palisade.operator.sessions.SharedSessionStore;
import dev.palisade.operator.injection.AdmissionHandler;
import dev.palisade.operator.violation.RetentionLimits;
import java.time.Duration;
import dev.palisade.operator.injection.InjectionSettings;
import dev.palisade.operator.injection.InjectionWebhookServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.palisade.operator.monitoring.JsonLogFormatter;
import dev.palisade.operator.monitoring.MonitoringServer;
import dev.palisade.operator.monitoring.OperatorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;
import java.util.Map;
import dev.palisade.operator.leader.Leadership;
import java.net.InetSocketAddress;
import dev.palisade.operator.tls.OperatorTls;
import dev.palisade.operator.tls.TlsSettings;
import javax.net.ssl.SSLContext;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar operator/target/palisade-operator.jar}: in cluster it uses the pod's
 * ServiceAccount; out of cluster the current context of {@code $KUBECONFIG} (or ~/.kube/config).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    configureLogging(System.getenv().getOrDefault("PALISADE_LOG_FORMAT", "text"));
    KubernetesClient client = new KubernetesClientBuilder().build();
    log.info("palisade operator starting master={} namespace={}", client.getMasterUrl(), client.getNamespace());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PalisadeOperator operator = new PalisadeOperator(client, Clock.systemUTC(), true, new OperatorMetrics(registry),
        leadership(client));
    // up before the operator starts: /readyz answers 503 while the informers sync
    MonitoringServer monitoring = MonitoringServer.start(
        new InetSocketAddress(Integer.parseInt(System.getenv().getOrDefault("PALISADE_METRICS_PORT", "8080"))),
        registry, operator::readiness);
    operator.start();
    OperatorTls tls = startTls(client);
    SSLContext context = tls == null ? null : tls.context();
    InjectionWebhookServer webhook = startWebhook(context);
    ControlPlane control = startControlPlane(client, operator, context);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (webhook != null) {
        webhook.close();
      }
      control.close();
      if (tls != null) {
        tls.close();
      }
      operator.close();
      monitoring.close();
      client.close();
      stopped.countDown();
    }, "palisade-shutdown"));
    stopped.await();
  }

  /**
   * On by default in cluster ({@code PALISADE_LEADER_ELECTION=true|false} overrides): a Lease
   * ({@code PALISADE_LEASE_NAME}) in the operator's namespace, this pod's name as identity.
   */
  private static Leadership leadership(KubernetesClient client) {
    Map<String, String> env = System.getenv();
    boolean inCluster = env.containsKey("KUBERNETES_SERVICE_HOST");
    if (!Boolean.parseBoolean(env.getOrDefault("PALISADE_LEADER_ELECTION", String.valueOf(inCluster)))) {
      log.info("leader election off");
      return null;
    }
    String namespace = env.getOrDefault("POD_NAMESPACE", client.getNamespace());
    return Leadership.of(env.getOrDefault("PALISADE_LEASE_NAME", "palisade-operator-leader"), namespace,
        env.getOrDefault("HOSTNAME", java.util.UUID.randomUUID().toString()));
  }

  /** {@code json}: one JSON object per line ({@link JsonLogFormatter}); anything else keeps the JDK's text format. */
  private static void configureLogging(String format) throws IOException {
    if (!"json".equalsIgnoreCase(format) || System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream config = Main.class.getResourceAsStream("/palisade-logging-json.properties")) {
      LogManager.getLogManager().readConfiguration(config);
    }
  }

  /**
   * The sidecar control API: TLS with the operator's certificate when TLS is on (it names the
   * operator Service), plain HTTP otherwise (out of cluster only). The master key of the namespaces'
   * session salts lives in the Secret {@code PALISADE_SESSION_SALT_SECRET} in the operator's namespace.
   */
  private static ControlPlane startControlPlane(KubernetesClient client, PalisadeOperator operator, SSLContext tls)
      throws Exception {
    int port = Integer.parseInt(System.getenv().getOrDefault("PALISADE_CONTROL_PORT", "8443"));
    return ControlPlane.start(client, operator,
        new TokenReviewAuthenticator(client, "palisade", Duration.ofMinutes(1), Clock.systemUTC()),
        // agents prove who they are with a projected token of their own audience, never their API token
        new TokenReviewAuthenticator(client, "palisade-agent", Duration.ofMinutes(1), Clock.systemUTC()),
        new ControlPlane.Settings(new InetSocketAddress(port), tls, true, Duration.ofSeconds(30), RetentionLimits.DEFAULT,
            System.getenv().getOrDefault("POD_NAMESPACE", client.getNamespace()),
            System.getenv().getOrDefault("PALISADE_SESSION_SALT_SECRET", ControlPlane.DEFAULT_SALT_SECRET),
            SharedSessionStore.Limits.DEFAULT),
        Clock.systemUTC());
  }

  /** The webhook runs when TLS is on: the API server calls webhooks over HTTPS only. */
  private static InjectionWebhookServer startWebhook(SSLContext tls) throws Exception {
    if (tls == null) {
      log.info("injection webhook disabled ({} is off)", TlsSettings.MODE);
      return null;
    }
    int port = Integer.parseInt(System.getenv().getOrDefault("PALISADE_WEBHOOK_PORT", "9443"));
    return new InjectionWebhookServer(new InetSocketAddress(port), tls,
        new AdmissionHandler(InjectionSettings.fromEnvironment(System.getenv()))).start();
  }

  /**
   * {@code PALISADE_TLS_MODE=operator}: the operator is its own CA (a Secret in its namespace, the
   * webhook's caBundle kept patched); {@code mounted}: files cert-manager keeps current; unset or
   * {@code off}: no TLS. In both TLS modes the CA bundle reaches sidecars as a ConfigMap.
   */
  private static OperatorTls startTls(KubernetesClient client) {
    TlsSettings settings = TlsSettings.fromEnvironment(System.getenv(), client.getNamespace());
    if (settings.mode() == TlsSettings.Mode.OFF) {
      return null;
    }
    log.info("TLS mode={} namespace={} secret={} webhookConfiguration={}", settings.mode(), settings.namespace(),
        settings.secretName(), settings.webhookConfiguration());
    return OperatorTls.start(client, settings, Clock.systemUTC());
  }
}
