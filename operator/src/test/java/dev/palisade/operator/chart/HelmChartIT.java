package dev.palisade.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Renders charts/palisade with Helm itself (helm-java) and checks what a cluster would receive. */
class HelmChartIT {
  private static final Path CHART = Path.of("../charts/palisade");

  @Test
  void defaultsRenderTheOperatorWebhookAndLeastPrivilegeRbac() throws Exception {
    List<JsonNode> objects = render(new Helm(CHART).template().withName("palisade").withNamespace("palisade-system"));

    assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Deployment", "ServiceAccount", "ClusterRole",
        "ClusterRoleBinding", "Role", "RoleBinding", "Service", "MutatingWebhookConfiguration", "Issuer", "Certificate");

    JsonNode webhook = kind(objects, "MutatingWebhookConfiguration").path("webhooks").get(0);
    assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Fail");
    assertThat(webhook.path("clientConfig").path("service").path("path").asText()).isEqualTo("/mutate-pods");
    assertThat(webhook.path("namespaceSelector").path("matchExpressions").get(0).path("values").toString())
        .contains("kube-system").contains("palisade-system");

    JsonNode rules = kind(objects, "ClusterRole").path("rules");
    assertThat(rules.toString()).doesNotContain("\"*\"");
    assertThat(rules).anySatisfy(rule -> assertThat(rule.path("resources").toString())
        .isEqualTo("[\"mcpservers/status\",\"mcppolicies/status\"]"));

    JsonNode container = kind(objects, "Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(container.path("env").toString()).contains("PALISADE_METRICS_PORT").contains("\"json\"")
        .contains("\"palisade-operator-session-salt\"");

    JsonNode saltRole = objects.stream().filter(o -> "Role".equals(o.path("kind").asText())
        && o.path("metadata").path("name").asText().endsWith("-session-salt")).findFirst().orElseThrow();
    assertThat(saltRole.path("metadata").path("namespace").asText()).isEqualTo("palisade-system");
    assertThat(saltRole.path("rules")).anySatisfy(rule -> {
      assertThat(rule.path("resourceNames").toString()).isEqualTo("[\"palisade-operator-session-salt\"]");
      assertThat(rule.path("verbs").toString()).isEqualTo("[\"get\"]");
    });
    assertThat(saltRole.path("rules").toString()).as("no list or watch of secrets").doesNotContain("list", "watch");
  }

  @Test
  void valuesReachTheRenderedObjects() throws Exception {
    List<JsonNode> objects = render(new Helm(CHART).template().withName("palisade").withNamespace("mcp")
        .set("webhook.failurePolicy", "Ignore").set("sidecar.image", "registry.local/sidecar:dev"));

    assertThat(kind(objects, "MutatingWebhookConfiguration").path("webhooks").get(0).path("failurePolicy").asText())
        .isEqualTo("Ignore");
    assertThat(kind(objects, "Deployment").toString()).contains("registry.local/sidecar:dev");
  }

  private static JsonNode kind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).findFirst().orElseThrow();
  }

  private static List<JsonNode> render(com.marcnuri.helm.TemplateCommand command) throws Exception {
    String manifest = command.call();
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(manifest)) {
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document != null && document.isObject()) {
          objects.add(document);
        }
      }
    }
    return objects;
  }
}
