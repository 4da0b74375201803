package dev.palisade.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Health and metrics of a real JOSDK operator against the mock API server, on a loopback port. */
@EnableKubernetesMockClient(crud = true)
class MonitoringServerIT {
  static KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyOnlyOnceTheOperatorRunsAndMetricsCarryJosdkAndPalisadeMeters() throws Exception {
    Crds.apply(client);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PalisadeOperator operator = new PalisadeOperator(client, Clock.systemUTC(), false, new OperatorMetrics(registry));
    try (MonitoringServer monitoring = MonitoringServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
        operator::readiness)) {
      assertThat(get(monitoring, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notYet = get(monitoring, "/readyz");
      assertThat(notYet.statusCode()).isEqualTo(503);
      assertThat(notYet.body()).contains("operator not started");

      operator.start();
      Eventually.await(Duration.ofSeconds(20), "/readyz 200", () -> get(monitoring, "/readyz").statusCode() == 200);
      operator.metrics().controlRequest("config");

      HttpResponse<String> metrics = get(monitoring, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("palisade_operator_reports_applied_total")
          .contains("palisade_operator_control_requests_total{route=\"config\"} 1.0")
          .contains("palisade_operator_events_total{outcome=\"dropped\"}")
          .contains("operator_sdk_");
      assertThat(get(monitoring, "/other").statusCode()).isEqualTo(404);
    } finally {
      operator.close();
    }
  }

  private HttpResponse<String> get(MonitoringServer monitoring, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitoring.port() + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
