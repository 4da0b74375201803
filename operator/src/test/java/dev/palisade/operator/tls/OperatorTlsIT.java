package dev.palisade.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wiring {@code Main} uses, from the chart's environment, on the mock API server. */
@EnableKubernetesMockClient(crud = true)
class OperatorTlsIT {
  KubernetesClient client;

  @Test
  void operatorModeFromTheChartsEnvironmentCertifiesPatchesAndFollowsNewMcpServerNamespaces() throws Exception {
    Crds.apply(client);
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
        .withNewMetadata().withName("palisade-operator").endMetadata().addNewWebhook().withName("inject.palisade.dev")
        .withNewClientConfig().endClientConfig().endWebhook().build()).create();
    server("team-a");
    TlsSettings settings = TlsSettings.fromEnvironment(Map.of("PALISADE_TLS_MODE", "operator", "POD_NAMESPACE",
        "palisade-system", "PALISADE_TLS_SECRET", "palisade-operator-tls", "PALISADE_CA_CONFIGMAP", "palisade-ca"), "default");

    try (OperatorTls tls = OperatorTls.start(client, settings, Clock.systemUTC())) {
      OperatorPki pki = CertificateSecret.read(client.secrets().inNamespace("palisade-system").withName("palisade-operator-tls")
          .get()).orElseThrow();
      assertThat(CertificateRenewal.dnsNamesOf(pki.serving().certificate())).containsExactly(
          "palisade-operator.palisade-system.svc", "palisade-operator.palisade-system.svc.cluster.local");
      assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("palisade-operator").get()
          .getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(pki.trusted().base64());
      assertThat(caConfigMap("team-a").getData()).containsEntry("ca.crt", pki.trusted().pem());
      assertThat(tls.context().getProtocol()).isEqualTo("TLS");

      server("team-b");
      Eventually.await(Duration.ofSeconds(20), "the bundle in the namespace of a new McpServer", () -> caConfigMap("team-b") != null);
      assertThat(caConfigMap("team-b").getData()).containsEntry("ca.crt", pki.trusted().pem());
    }
  }

  private void server(String namespace) {
    McpServer server = new McpServer("weather", new McpServerSpec(new LabelSelectorBuilder()
        .withMatchLabels(Map.of("app", "weather")).build(), null, 8080, null, null, null, null, null, null, null));
    client.resources(McpServer.class).inNamespace(namespace).resource(server).create();
  }

  private ConfigMap caConfigMap(String namespace) {
    return client.configMaps().inNamespace(namespace).withName("palisade-ca").get();
  }
}
