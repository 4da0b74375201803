package dev.palisade.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.ConditionTypes;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.mcppolicy.McpPolicy;
import dev.palisade.crds.mcppolicy.McpPolicySpec;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator (JOSDK, real informers) against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class McpPolicyReconcilerIT {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  static KubernetesClient client;
  private static PalisadeOperator operator;

  @BeforeAll
  static void start() {
    Crds.apply(client);
    operator = new PalisadeOperator(client, Clock.systemUTC(), false).start();
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void validPolicyIsAcceptedAndABadRegexIsRejectedNamingTheField() {
    McpPolicy policy = new McpPolicy("block-secrets", new McpPolicySpec(null, null, null,
        List.of(new McpPolicySpec.Rule("block-paths", new McpPolicySpec.Match(null, null, List.of("read_*"), null, null,
            null, null, null, null, List.of(new McpPolicySpec.Argument("/path", null, "^/etc/.*"))), PolicyAction.BLOCK)),
        null, null, null, null));
    client.resources(McpPolicy.class).inNamespace("team-a").resource(policy).create();

    Condition valid = Eventually.await(DEADLINE, "PolicyValid=True", () -> condition("team-a", "block-secrets", "True"));
    assertThat(valid.getObservedGeneration()).isEqualTo(generation("team-a", "block-secrets"));
    assertThat(operator.policies().get("team-a", "block-secrets")).isPresent();

    McpPolicy edited = client.resources(McpPolicy.class).inNamespace("team-a").withName("block-secrets").get();
    McpPolicySpec.Rule rule = edited.getSpec().rules().get(0);
    edited.setSpec(new McpPolicySpec(null, null, null, List.of(new McpPolicySpec.Rule(rule.name(),
        new McpPolicySpec.Match(null, null, List.of("read_*"), null, null, null, null, null, null,
            List.of(new McpPolicySpec.Argument("/path", null, "(unclosed"))), rule.action())), null, null, null, null));
    client.resources(McpPolicy.class).inNamespace("team-a").resource(edited).update();

    Condition invalid = Eventually.await(DEADLINE, "PolicyValid=False", () -> condition("team-a", "block-secrets", "False"));
    assertThat(invalid.getMessage()).contains("spec.rules[0].match.arguments[0].regex").contains("invalid regular expression");
    assertThat(invalid.getReason()).isEqualTo("Invalid");
    Eventually.await(DEADLINE, "policy withdrawn from the catalog",
        () -> operator.policies().get("team-a", "block-secrets").isEmpty());
  }

  @Test
  void serverStatusNamesItsEffectivePoliciesAndMissingOnes() {
    client.resources(McpPolicy.class).inNamespace("team-b").resource(new McpPolicy("everything",
        new McpPolicySpec(new LabelSelectorBuilder().addToMatchLabels("tier", "prod").build(), null, null, null, null,
            null, null, null))).create();
    // tool reports do not trigger a reconcile yet (the control plane will): record before creating
    operator.tools().observe("team-b", "weather", "get_forecast", "a".repeat(64), Instant.parse("2026-01-01T00:00:00Z"));
    McpServer server = new McpServer("weather", new McpServerSpec(
        new LabelSelectorBuilder().addToMatchLabels("app", "weather").build(), null, 8080, "/mcp", null, null,
        List.of("not-there"), null, null, null));
    server.getMetadata().setLabels(java.util.Map.of("tier", "prod"));
    client.resources(McpServer.class).inNamespace("team-b").resource(server).create();

    McpServer observed = Eventually.await(DEADLINE, "McpServer status with PolicyValid=False", () -> {
      McpServer s = client.resources(McpServer.class).inNamespace("team-b").withName("weather").get();
      return s.getStatus() != null && s.getStatus().conditions().stream()
          .anyMatch(c -> c.getType().equals(ConditionTypes.POLICY_VALID) && c.getStatus().equals("False"))
          && s.getSpec().approvedPins() != null ? s : null;
    });
    assertThat(observed.getStatus().effectivePolicies()).containsExactly("everything");
    assertThat(observed.getStatus().conditions()).filteredOn(c -> c.getType().equals(ConditionTypes.POLICY_VALID))
        .first().extracting(Condition::getMessage).asString().contains("not-there");
    assertThat(observed.getSpec().approvedPins()).singleElement()
        .satisfies(pin -> assertThat(pin.approvedBy()).isEqualTo("palisade-operator"));
  }

  private static Condition condition(String namespace, String name, String status) {
    McpPolicy policy = client.resources(McpPolicy.class).inNamespace(namespace).withName(name).get();
    if (policy.getStatus() == null || policy.getStatus().conditions() == null) {
      return null;
    }
    return policy.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(ConditionTypes.POLICY_VALID) && c.getStatus().equals(status)
            && c.getObservedGeneration().equals(policy.getMetadata().getGeneration()))
        .findFirst().orElse(null);
  }

  private static Long generation(String namespace, String name) {
    return client.resources(McpPolicy.class).inNamespace(namespace).withName(name).get().getMetadata().getGeneration();
  }
}
