package dev.palisade.operator.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.ConditionTypes;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lockdown through the running operator against the mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class LockdownIT {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  static KubernetesClient client;

  @Test
  void lockdownOwnsANetworkPolicyThatGoesAwayWhenLockdownIsOff() {
    Crds.apply(client);
    try (PalisadeOperator operator = new PalisadeOperator(client, Clock.systemUTC(), false).start()) {
      McpServer created = client.resources(McpServer.class).inNamespace("team-a").resource(new McpServer("weather",
          new McpServerSpec(new LabelSelectorBuilder().addToMatchLabels("app", "weather").build(), null, 8080, null, null,
              null, null, null, null, true))).create();

      NetworkPolicy policy = Eventually.await(DEADLINE, "lockdown NetworkPolicy",
          () -> client.network().v1().networkPolicies().inNamespace("team-a").withName("weather-palisade-lockdown").get());
      assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app", "weather");
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
      assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
        assertThat(rule.getFrom()).isEmpty();
        assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(15090, 15091)
            .doesNotContain(8080);
      });
      assertThat(policy.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid()));
      Eventually.await(DEADLINE, "Protected condition names the lockdown", () -> {
        McpServer s = client.resources(McpServer.class).inNamespace("team-a").withName("weather").get();
        return s.getStatus() != null && s.getStatus().conditions().stream()
            .anyMatch(c -> c.getType().equals(ConditionTypes.PROTECTED) && c.getMessage().contains("weather-palisade-lockdown"));
      });

      client.resources(McpServer.class).inNamespace("team-a").withName("weather").edit(s -> {
        McpServerSpec spec = s.getSpec();
        s.setSpec(new McpServerSpec(spec.selector(), spec.workloadRef(), spec.port(), spec.path(), spec.transports(),
            spec.upstreamTls(), spec.policies(), spec.trustMode(), spec.approvedPins(), false));
        return s;
      });
      Eventually.await(DEADLINE, "NetworkPolicy removed",
          () -> client.network().v1().networkPolicies().inNamespace("team-a").withName("weather-palisade-lockdown").get() == null);
    }
  }
}
