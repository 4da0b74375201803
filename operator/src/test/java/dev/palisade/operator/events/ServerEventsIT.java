package dev.palisade.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.Direction;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.Severity;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.MutableClock;
import dev.palisade.operator.violation.RetentionLimits;
import dev.palisade.operator.violation.ViolationReport;
import dev.palisade.operator.violation.ViolationWriter;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Violation events through fabric8 against the mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ServerEventsIT {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static KubernetesClient client;

  @Test
  void firstOccurrenceAndMilestonesBecomeEventsOnTheMcpServerWithinTheBudget() {
    Crds.apply(client);
    McpServer server = client.resources(McpServer.class).inNamespace("team-a").resource(new McpServer("weather",
        new McpServerSpec(new LabelSelectorBuilder().addToMatchLabels("app", "weather").build(), null, 8080, null, null,
            null, null, null, null, null))).create();
    MutableClock clock = new MutableClock(NOW);
    KubernetesServerEvents events = new KubernetesServerEvents(client,
        new EventRateLimiter(new EventRateLimiter.Limits(3, 1), EventRateLimiter.Limits.OVERALL, clock), "operator-0", clock);
    ViolationWriter writer = new ViolationWriter(client, RetentionLimits.DEFAULT, clock, events);

    writer.record(report("hash-1", 1));
    writer.record(report("hash-1", 8));
    writer.record(report("hash-1", 2));

    List<Event> stored = events("team-a");
    assertThat(stored).extracting(Event::getReason).containsExactly("ViolationFirstSeen", "ViolationRepeated");
    Event first = stored.get(0);
    assertThat(first.getType()).isEqualTo("Warning");
    assertThat(first.getInvolvedObject().getKind()).isEqualTo("McpServer");
    assertThat(first.getInvolvedObject().getApiVersion()).isEqualTo("palisade.dev/v1alpha1");
    assertThat(first.getInvolvedObject().getName()).isEqualTo("weather");
    assertThat(first.getInvolvedObject().getUid()).isEqualTo(server.getMetadata().getUid());
    assertThat(first.getSource().getComponent()).isEqualTo("palisade-operator");
    assertThat(first.getReportingInstance()).isEqualTo("operator-0");
    assertThat(first.getMessage()).doesNotContain("AKIA");
    assertThat(stored.get(1).getMessage()).startsWith("seen 11 times (crossed 10)");

    // a noisy server: every report a new kind of violation, only the burst gets through
    for (int i = 0; i < 20; i++) {
      writer.record(report("noise-" + i, 1));
    }
    assertThat(events("team-a")).hasSize(3);
    assertThat(events.written()).isEqualTo(3);
    assertThat(events.dropped()).isEqualTo(19);
  }

  private static List<Event> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
  }

  private static ViolationReport report(String evidenceHash, long occurrences) {
    return new ViolationReport("team-a", "weather", "builtin-default", "redact-secrets", FindingCategory.SECRET,
        "aws_access_key", Severity.HIGH, PolicyAction.REDACT, Direction.RESPONSE, "tools/call", "read_file",
        "agent-1", "session-1", "AKIA************", evidenceHash, occurrences, NOW);
  }
}
