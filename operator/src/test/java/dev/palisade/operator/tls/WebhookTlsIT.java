package dev.palisade.operator.tls;

import static dev.palisade.operator.testing.TrustingClients.trusting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.operator.injection.AdmissionHandler;
import dev.palisade.operator.injection.InjectionConfig;
import dev.palisade.operator.injection.InjectionWebhookServer;
import dev.palisade.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook endpoint served with the operator's own certificate, checked as the API server checks
 * it: an HTTPS client that trusts exactly the webhook configuration's caBundle and verifies the host
 * name. A renewal reaches the running listener: the next handshake presents the new certificate.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookTlsIT {
  /** The Service's names, and localhost so that a loopback client can verify the host name too. */
  static final List<String> NAMES = List.of("palisade-operator.palisade-system.svc",
      "palisade-operator.palisade-system.svc.cluster.local", "localhost");
  KubernetesClient client;
  private InjectionWebhookServer webhook;

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void theWebhookServesTheOperatorsCertificateAndARenewedOneWithoutARestart() throws Exception {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
        .withNewMetadata().withName("palisade-operator").endMetadata()
        .addNewWebhook().withName("inject.palisade.dev").withAdmissionReviewVersions("v1").withSideEffects("None")
        .withNewClientConfig().withNewService().withName("palisade-operator").withNamespace("palisade-system")
        .endService().endClientConfig().endWebhook().build()).create();
    // the certificates were made 70 days ago: valid now, and due for renewal once the clock reaches today
    Instant today = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    MutableClock clock = new MutableClock(today.minus(Duration.ofDays(70)));
    ServingTls serving = new ServingTls();
    TlsMaintenance maintenance = new TlsMaintenance(new OperatorCertificates(
        SecretStore.of(client, "palisade-system", "palisade-operator-tls"), CertificateRenewalTest.renewal(NAMES), clock,
        "palisade-system", "palisade-operator-tls"), serving, List.of(new WebhookCaBundle(client, "palisade-operator")));
    TlsState first = maintenance.round();
    webhook = new InjectionWebhookServer(new InetSocketAddress("127.0.0.1", 0), serving.context(),
        new AdmissionHandler(InjectionConfig.defaults())).start();

    HttpResponse<String> answer = review(trustingTheWebhookCaBundle());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"allowed\":true");
    assertThat(peer(answer)).isEqualTo(first.serving().leaf());
    assertThatThrownBy(() -> review(trusting(List.of(strangerCa()))))
        .as("a client that trusts another CA").isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX path building failed");

    clock.advance(Duration.ofDays(70));
    TlsState renewed = maintenance.round();
    assertThat(renewed.serving().leaf()).isNotEqualTo(first.serving().leaf());

    HttpResponse<String> afterRenewal = review(trustingTheWebhookCaBundle());
    assertThat(afterRenewal.statusCode()).isEqualTo(200);
    assertThat(peer(afterRenewal)).as("the same listener, the renewed certificate").isEqualTo(renewed.serving().leaf());
  }

  private HttpResponse<String> review(SSLContext trust) throws Exception {
    String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u1\","
        + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"namespace\":\"team-a\","
        + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"plain\"},"
        + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"app\"}]}}}}";
    // a new client per call: a new connection, a new handshake, as after the API server's idle timeout
    HttpClient http = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + webhook.port() + InjectionWebhookServer.PATH))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(review, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private SSLContext trustingTheWebhookCaBundle() throws Exception {
    String base64 = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("palisade-operator").get()
        .getWebhooks().get(0).getClientConfig().getCaBundle();
    return trusting(Pem.readCertificates(new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII)));
  }

  private static X509Certificate strangerCa() {
    return new CertificateIssuer().certificateAuthority("stranger", Instant.now(), Duration.ofDays(1)).certificate();
  }

  private static X509Certificate peer(HttpResponse<?> response) throws Exception {
    List<X509Certificate> chain = new ArrayList<>();
    for (var certificate : response.sslSession().orElseThrow().getPeerCertificates()) {
      chain.add((X509Certificate) certificate);
    }
    return chain.get(0);
  }
}
