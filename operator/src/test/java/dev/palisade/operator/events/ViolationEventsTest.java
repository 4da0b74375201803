package dev.palisade.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.Direction;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.Severity;
import dev.palisade.crds.mcpviolation.McpViolationSpec;
import org.junit.jupiter.api.Test;

class ViolationEventsTest {
  @Test
  void firstOccurrenceAndEachMilestoneCrossedGetOneEvent() {
    assertThat(ViolationEvents.of("a", "v", 0, spec(1))).get()
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo("ViolationFirstSeen");
          assertThat(e.type()).isEqualTo(ServerEvent.Type.WARNING);
          assertThat(e.server()).isEqualTo("weather");
          assertThat(e.message()).contains("redact", "secret/aws_access_key", "redact-secrets", "read_file", "McpViolation v")
              .doesNotContain("AKIA");
        });
    assertThat(ViolationEvents.of("a", "v", 1, spec(9))).isEmpty();
    assertThat(ViolationEvents.of("a", "v", 9, spec(10))).get().extracting(ServerEvent::reason).isEqualTo("ViolationRepeated");
    assertThat(ViolationEvents.of("a", "v", 10, spec(99))).isEmpty();
    assertThat(ViolationEvents.of("a", "v", 5, spec(150))).get().extracting(ServerEvent::message).asString()
        .startsWith("seen 150 times (crossed 100)");
    assertThat(ViolationEvents.of("a", "v", 999, spec(1000))).isPresent();
    assertThat(ViolationEvents.of("a", "v", 1000, spec(100_000))).isEmpty();
  }

  private static McpViolationSpec spec(long count) {
    return new McpViolationSpec("weather", "builtin-default", "redact-secrets", FindingCategory.SECRET, "aws_access_key",
        Severity.HIGH, PolicyAction.REDACT, Direction.RESPONSE, "tools/call", "read_file", "agent-1", "session-1",
        new McpViolationSpec.Evidence("AKIA************", "h"), count, "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z");
  }
}
