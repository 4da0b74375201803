package dev.palisade.operator.leader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.monitoring.OperatorMetrics;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two replicas, one Lease, against the mock API server (CRUD for the Lease; one expectation answers
 * JOSDK's SelfSubjectRulesReview with exactly the chart's leader-election Role: get, create, update).
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  static KubernetesClient client;
  static KubernetesMockServer server;

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItStops() {
    Crds.apply(client);
    SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder().withNewStatus()
        .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
            .withVerbs("get", "create", "update").build())
        .withIncomplete(false).endStatus().build();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(200, review).always();

    PalisadeOperator first = replica("operator-a").start();
    Eventually.await(DEADLINE, "operator-a leads", first::isLeader);
    PalisadeOperator second = replica("operator-b").start();
    try {
      assertThat(second.isLeader()).isFalse();
      assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("operator-a");
      Eventually.await(DEADLINE, "the follower is ready too (informers and webhook run everywhere)",
          () -> second.readiness().ready());

      first.close();
      Eventually.await(DEADLINE, "operator-b takes over", second::isLeader);
      assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("operator-b");
    } finally {
      second.close();
    }
  }

  private static Lease lease() {
    return client.leases().inNamespace("palisade-system").withName("palisade-operator-leader").get();
  }

  private static PalisadeOperator replica(String identity) {
    Leadership leadership = new Leadership("palisade-operator-leader", "palisade-system", identity, Duration.ofSeconds(2),
        Duration.ofMillis(1500), Duration.ofMillis(200), false, new AtomicBoolean());
    return new PalisadeOperator(client, Clock.systemUTC(), false, OperatorMetrics.discarding(), leadership);
  }
}
