package dev.palisade.policy.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.policy.ToolRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SharedSessionLogTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  static SharedStep step(int second, Direction direction, String tool, long[] prints) {
    return new SharedStep("agent", "crm", T0.plusSeconds(second), direction, "tools/call", tool,
        Set.of(ToolRole.PRIVATE_DATA), Set.of(Category.PII), prints.length == 0 ? Set.of() : Set.of(Category.PII),
        new long[0], prints);
  }

  @Test
  void theOldestStepsAndTheirTaintGoFirstWhenABoundIsCrossed() {
    SharedSessionLog log = new SharedSessionLog(new SharedSessionLimits(3, 10, 5));
    log.append(new SharedSessionLog.Entry(1, "a", step(1, Direction.RESPONSE, "query_customers", new long[] {11, 12, 13})));
    log.append(new SharedSessionLog.Entry(2, "a", step(2, Direction.REQUEST, "one", new long[0])));
    log.append(new SharedSessionLog.Entry(3, "a", step(3, Direction.REQUEST, "two", new long[0])));
    assertThat(log.snapshot().carries(Set.of(), Set.of(12L))).isTrue();

    log.append(new SharedSessionLog.Entry(4, "a", step(4, Direction.REQUEST, "three", new long[0])));
    assertThat(log.size()).as("steps bound").isEqualTo(3);
    assertThat(log.snapshot().carries(Set.of(), Set.of(12L))).as("the taint left with its step").isFalse();

    log.append(new SharedSessionLog.Entry(5, "a", step(5, Direction.RESPONSE, "x", new long[] {21, 22, 23})));
    log.append(new SharedSessionLog.Entry(6, "a", step(6, Direction.RESPONSE, "y", new long[] {31, 32, 33})));
    RemoteSession snapshot = log.snapshot();
    assertThat(snapshot.carries(Set.of(), Set.of(21L))).as("prints bound: 6 > 5 drops the older answer").isFalse();
    assertThat(snapshot.carries(Set.of(), Set.of(33L))).isTrue();
    assertThat(snapshot.stepsNewestFirst()).extracting(s -> s.step().tool()).containsExactly("y");
  }

  @Test
  void aStepLargerThanTheBoundsIsKeptAlone() {
    SharedSessionLog log = new SharedSessionLog(new SharedSessionLimits(4, 4, 4));
    log.append(new SharedSessionLog.Entry(1, null, step(1, Direction.REQUEST, "a", new long[0])));
    log.append(new SharedSessionLog.Entry(2, null, step(2, Direction.RESPONSE, "b", LongStream.range(0, 9).toArray())));
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.snapshot().carries(Set.of(), Set.of(8L))).isTrue();
  }

  @Test
  void readersGetWhatIsNewerThanTheirRevisionWithoutTheirOwnSteps() {
    SharedSessionLog log = new SharedSessionLog(SharedSessionLimits.DEFAULT);
    log.append(new SharedSessionLog.Entry(3, "crm-0", step(1, Direction.REQUEST, "query_customers", new long[0])));
    log.append(new SharedSessionLog.Entry(7, "mail-0", step(2, Direction.REQUEST, "send_email", new long[0])));
    log.append(new SharedSessionLog.Entry(9, "crm-0", step(3, Direction.RESPONSE, "query_customers", new long[] {1})));
    List<SharedSessionLog.Entry> out = new ArrayList<>();
    log.entriesAfter(3, "mail-0", out);
    assertThat(out).extracting(SharedSessionLog.Entry::revision).containsExactly(9L);
    out.clear();
    log.entriesAfter(0, "crm-0", out);
    assertThat(out).extracting(SharedSessionLog.Entry::revision).containsExactly(7L);
    assertThat(log.lastRevision()).isEqualTo(9);
  }

  @Test
  void theSnapshotListsStepsNewestFirstAndMatchesEvidenceHashesByTheirFirst64Bits() {
    SharedSessionLog log = new SharedSessionLog(SharedSessionLimits.DEFAULT);
    String evidence = "0123456789abcdef0011223344556677";
    SharedStep answer = new SharedStep("agent", "crm", T0, Direction.RESPONSE, "tools/call", "query_customers", Set.of(),
        Set.of(Category.PII), Set.of(Category.PII), new long[] {SharedStep.valueKey(evidence)}, new long[0]);
    log.append(new SharedSessionLog.Entry(1, null, step(0, Direction.REQUEST, "query_customers", new long[0])));
    log.append(new SharedSessionLog.Entry(2, null, answer));
    RemoteSession snapshot = log.snapshot();
    assertThat(snapshot.stepsNewestFirst()).extracting(s -> s.step().direction())
        .containsExactly(Direction.RESPONSE, Direction.REQUEST);
    assertThat(snapshot.stepsNewestFirst().get(0).server()).isEqualTo("crm");
    assertThat(snapshot.taint()).containsExactly(Category.PII);
    assertThat(snapshot.carries(Set.of(evidence), Set.of())).isTrue();
    assertThat(snapshot.carries(Set.of("0123456789abcdee0011223344556677"), Set.of(5L))).isFalse();
  }
}
