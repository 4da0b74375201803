package dev.palisade.operator.violation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.Direction;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.Severity;
import dev.palisade.crds.mcpviolation.McpViolation;
import dev.palisade.operator.testing.Crds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The violation writer against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ViolationWriterIT {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static KubernetesClient client;

  @BeforeEach
  void crds() {
    Crds.apply(client);
    client.resources(McpViolation.class).inAnyNamespace().delete();
  }

  @Test
  void repeatsRaiseTheCountOfOneObject() {
    ViolationWriter writer = new ViolationWriter(client, RetentionLimits.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    writer.record(report("team-a", "weather", "hash-1", 1, NOW.minusSeconds(60)));
    writer.record(report("team-a", "weather", "hash-1", 3, NOW));
    writer.record(report("team-a", "weather", "hash-2", 1, NOW.minusSeconds(30)));

    List<McpViolation> stored = client.resources(McpViolation.class).inNamespace("team-a").list().getItems();
    assertThat(stored).hasSize(2);
    McpViolation repeated = stored.stream().filter(v -> "hash-1".equals(v.getSpec().evidence().hash())).findFirst().orElseThrow();
    assertThat(repeated.getSpec().count()).isEqualTo(4);
    assertThat(repeated.getSpec().firstSeen()).isEqualTo(NOW.minusSeconds(60).toString());
    assertThat(repeated.getSpec().lastSeen()).isEqualTo(NOW.toString());
    assertThat(repeated.getMetadata().getName()).startsWith("weather-").hasSize("weather-".length() + 16);
    assertThat(repeated.getMetadata().getLabels()).containsEntry(ViolationWriter.SERVER_LABEL, "weather");
  }

  @Test
  void retentionKeepsTheMostRecentPerNamespaceAndDropsTheTooOld() {
    ViolationWriter writer = new ViolationWriter(client, new RetentionLimits(Duration.ofHours(1), 2),
        Clock.fixed(NOW, ZoneOffset.UTC));

    writer.record(report("team-b", "weather", "too-old", 1, NOW.minus(Duration.ofHours(2))));
    assertThat(client.resources(McpViolation.class).inNamespace("team-b").list().getItems()).isEmpty();

    writer.record(report("team-b", "weather", "oldest", 1, NOW.minusSeconds(300)));
    writer.record(report("team-b", "weather", "middle", 1, NOW.minusSeconds(200)));
    writer.record(report("team-b", "weather", "newest", 1, NOW.minusSeconds(100)));
    writer.record(report("team-c", "other", "elsewhere", 1, NOW.minusSeconds(400)));

    assertThat(client.resources(McpViolation.class).inNamespace("team-b").list().getItems())
        .extracting(v -> v.getSpec().evidence().hash()).containsExactlyInAnyOrder("middle", "newest");
    assertThat(client.resources(McpViolation.class).inNamespace("team-c").list().getItems()).hasSize(1);
  }

  static ViolationReport report(String namespace, String server, String evidenceHash, long occurrences, Instant at) {
    return new ViolationReport(namespace, server, "builtin-default", "redact-secrets", FindingCategory.SECRET,
        "aws_access_key", Severity.HIGH, PolicyAction.REDACT, Direction.RESPONSE, "tools/call", "read_file",
        "agent-1", "session-1", "AKIA************", evidenceHash, occurrences, at);
  }
}
