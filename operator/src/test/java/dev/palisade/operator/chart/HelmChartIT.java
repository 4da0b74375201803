package dev.palisade.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renders charts/palisade with Helm itself (helm-java) and checks what a cluster would receive. */
class HelmChartIT {
  private static final Path CHART = Path.of("../charts/palisade");

  @Test
  void defaultsRenderTheOperatorWebhookAndLeastPrivilegeRbac() throws Exception {
    List<JsonNode> objects = render(new Helm(CHART).template().withName("palisade").withNamespace("palisade-system"));

    assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Deployment", "ServiceAccount", "ClusterRole",
        "ClusterRoleBinding", "Role", "RoleBinding", "Service", "MutatingWebhookConfiguration");

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

  @Test
  void operatorModeIsTheDefaultAndGrantsExactlyWhatItsCertificatesNeed() throws Exception {
    List<JsonNode> objects = render(new Helm(CHART).template().withName("palisade").withNamespace("palisade-system"));

    assertThat(objects).extracting(o -> o.path("kind").asText()).doesNotContain("Issuer", "Certificate");
    assertThat(kind(objects, "MutatingWebhookConfiguration").path("metadata").has("annotations")).isFalse();
    JsonNode pod = kind(objects, "Deployment").path("spec").path("template").path("spec");
    assertThat(env(pod)).containsEntry("PALISADE_TLS_MODE", "operator").containsEntry("PALISADE_TLS_SECRET", "palisade-operator-tls")
        .containsEntry("PALISADE_SERVICE_NAME", "palisade-operator")
        .containsEntry("PALISADE_WEBHOOK_CONFIGURATION", kind(objects, "MutatingWebhookConfiguration").path("metadata").path("name").asText())
        .containsEntry("PALISADE_CA_CONFIGMAP", "palisade-ca").containsEntry("PALISADE_TLS_CERT_VALIDITY_DAYS", "90")
        .doesNotContainKeys("PALISADE_TLS_DIR", "PALISADE_WEBHOOK_KEYSTORE");
    assertThat(pod.path("volumes").toString()).doesNotContain("webhook-tls");
    assertThat(pod.path("containers").get(0).path("volumeMounts").toString()).doesNotContain("webhook-tls");

    JsonNode tlsRole = named(objects, "Role", "palisade-operator-tls");
    assertThat(tlsRole.path("metadata").path("namespace").asText()).isEqualTo("palisade-system");
    assertThat(tlsRole.path("rules")).hasSize(2);
    assertThat(rule(tlsRole, "secrets", "get")).isEqualTo(
        "{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"resourceNames\":[\"palisade-operator-tls\"],\"verbs\":[\"get\",\"update\"]}");
    assertThat(rule(tlsRole, "secrets", "create")).doesNotContain("resourceNames");
    assertThat(named(objects, "RoleBinding", "palisade-operator-tls").path("roleRef").path("name").asText())
        .isEqualTo("palisade-operator-tls");
    JsonNode cluster = kind(objects, "ClusterRole");
    assertThat(rule(cluster, "mutatingwebhookconfigurations", "patch")).isEqualTo("{\"apiGroups\":[\"admissionregistration.k8s.io\"],"
        + "\"resources\":[\"mutatingwebhookconfigurations\"],\"resourceNames\":[\"palisade-operator\"],\"verbs\":[\"get\",\"patch\"]}");
    assertThat(rule(cluster, "configmaps", "update")).contains("\"resourceNames\":[\"palisade-ca\"]").doesNotContain("create");
    assertThat(cluster.path("rules").toString()).doesNotContain("\"secrets\"");
  }

  @Test
  void certManagerModeMountsItsSecretAndLeavesTheCaBundleToTheCainjector() throws Exception {
    List<JsonNode> objects = render(new Helm(CHART).template().withName("palisade").withNamespace("palisade-system")
        .set("webhook.tls.mode", "cert-manager"));

    assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Issuer", "Certificate");
    assertThat(kind(objects, "Certificate").path("spec").path("secretName").asText()).isEqualTo("palisade-operator-webhook-tls");
    assertThat(kind(objects, "MutatingWebhookConfiguration").path("metadata").path("annotations")
        .path("cert-manager.io/inject-ca-from").asText()).isEqualTo("palisade-system/palisade-operator-webhook");
    JsonNode pod = kind(objects, "Deployment").path("spec").path("template").path("spec");
    assertThat(env(pod)).containsEntry("PALISADE_TLS_MODE", "mounted")
        .containsEntry("PALISADE_TLS_DIR", "/var/run/palisade/webhook-tls").containsEntry("PALISADE_CA_CONFIGMAP", "palisade-ca")
        .doesNotContainKeys("PALISADE_TLS_SECRET", "PALISADE_WEBHOOK_CONFIGURATION");
    assertThat(pod.path("volumes").toString()).contains("palisade-operator-webhook-tls");
    assertThat(objects).noneMatch(o -> "palisade-operator-tls".equals(o.path("metadata").path("name").asText()));
    assertThat(kind(objects, "ClusterRole").path("rules").toString()).doesNotContain("mutatingwebhookconfigurations")
        .contains("configmaps");
  }

  @Test
  void anUnknownTlsModeIsRefusedWithItsName() {
    assertThatThrownBy(() -> render(new Helm(CHART).template().withName("palisade").withNamespace("palisade-system")
        .set("webhook.tls.mode", "self-signed"))).hasMessageContaining("self-signed");
  }

  private static Map<String, String> env(JsonNode pod) {
    Map<String, String> env = new LinkedHashMap<>();
    pod.path("containers").get(0).path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  /** The one rule of {@code role} on {@code resource} that grants {@code verb}, as JSON. */
  private static String rule(JsonNode role, String resource, String verb) {
    List<JsonNode> rules = new ArrayList<>();
    role.path("rules").forEach(r -> {
      if (r.path("resources").toString().contains("\"" + resource + "\"") && r.path("verbs").toString().contains("\"" + verb + "\"")) {
        rules.add(r);
      }
    });
    assertThat(rules).as("rules on %s granting %s", resource, verb).hasSize(1);
    return rules.get(0).toString();
  }

  private static JsonNode named(List<JsonNode> objects, String kind, String name) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
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
