package dev.palisade.operator.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.operator.testing.MutableClock;
import dev.palisade.policy.ToolRole;
import dev.palisade.policy.shared.SharedSessionLimits;
import dev.palisade.policy.shared.SharedSessionLog;
import dev.palisade.policy.shared.SharedStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedSessionStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final SharedSessionStore store = new SharedSessionStore(new SharedSessionStore.Limits(5, 3,
      new SharedSessionLimits(4, 8, 8), Duration.ofMinutes(30), 2), clock);

  private static SharedStep step(String principal, String tool, long... prints) {
    return new SharedStep(principal, "ignored-from-body", T0, Direction.RESPONSE, "tools/call", tool,
        Set.of(ToolRole.PRIVATE_DATA), Set.of(Category.PII), prints.length == 0 ? Set.of() : Set.of(Category.PII),
        new long[0], prints);
  }

  private List<SharedSessionLog.Entry> read(String namespace, String reader) {
    return store.changesSince(namespace, store.epoch(), 0, reader, 100).entries();
  }

  @Test
  void aNamespaceSeesOnlyItsOwnSessionsAndAReaderNotItsOwnSteps() {
    store.append("team-a", "crm", "crm-0", 1, List.of(step("agent", "query_customers", 42)));
    store.append("team-b", "crm", "crm-b", 1, List.of(step("agent", "query_customers", 43)));

    assertThat(read("team-a", "mailer-0")).singleElement().satisfies(entry -> {
      assertThat(entry.step().server()).as("the route names the server, not the body").isEqualTo("crm");
      assertThat(entry.step().prints()).containsExactly(42L);
    });
    assertThat(read("team-b", "mailer-b")).singleElement()
        .satisfies(entry -> assertThat(entry.step().prints()).containsExactly(43L));
    assertThat(read("team-a", "crm-0")).as("a sidecar's own steps").isEmpty();
    assertThat(read("team-c", "anyone")).isEmpty();
  }

  @Test
  void aReaderGetsWhatIsNewerThanItsRevisionAndStartsOverInAnotherEpoch() {
    store.append("team-a", "crm", "crm-0", 1, List.of(step("agent", "one")));
    SharedSessionStore.Changes first = store.changesSince("team-a", null, 0, "mailer-0", 100);
    assertThat(first.entries()).hasSize(1);
    assertThat(first.epoch()).isEqualTo(store.epoch());
    store.append("team-a", "crm", "crm-0", 2, List.of(step("agent", "two"), step("other", "three")));
    SharedSessionStore.Changes next = store.changesSince("team-a", first.epoch(), first.revision(), "mailer-0", 100);
    assertThat(next.entries()).extracting(e -> e.step().tool()).containsExactly("two", "three");
    assertThat(store.changesSince("team-a", first.epoch(), next.revision(), "mailer-0", 100).entries()).isEmpty();
    assertThat(store.changesSince("team-a", "an-old-leader", next.revision(), "mailer-0", 100).entries())
        .as("revisions of another store mean nothing here").hasSize(3);
  }

  @Test
  void aLongAnswerIsCutAndTheRestFollows() {
    store.append("team-a", "crm", "crm-0", 1, List.of(step("a", "1"), step("b", "2"), step("a", "3")));
    SharedSessionStore.Changes cut = store.changesSince("team-a", store.epoch(), 0, "x", 2);
    assertThat(cut.more()).isTrue();
    assertThat(cut.entries()).extracting(e -> e.step().tool()).containsExactly("1", "2");
    SharedSessionStore.Changes rest = store.changesSince("team-a", store.epoch(), cut.revision(), "x", 2);
    assertThat(rest.more()).isFalse();
    assertThat(rest.entries()).extracting(e -> e.step().tool()).containsExactly("3");
  }

  @Test
  void aRetriedBatchIsStoredOnce() {
    assertThat(store.append("team-a", "crm", "crm-0", 1, List.of(step("agent", "one"))))
        .isEqualTo(SharedSessionStore.Stored.APPLIED);
    assertThat(store.append("team-a", "crm", "crm-0", 1, List.of(step("agent", "one"))))
        .isEqualTo(SharedSessionStore.Stored.DUPLICATE);
    assertThat(store.append("team-a", "crm", "crm-1", 1, List.of(step("agent", "one"))))
        .as("another sidecar numbers its own batches").isEqualTo(SharedSessionStore.Stored.APPLIED);
    assertThat(read("team-a", "mailer-0")).hasSize(2);
  }

  @Test
  void sessionsAreBoundedPerNamespaceOverallAndPerSession() {
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(1));
      store.append("team-a", "crm", "crm-0", i + 1, List.of(step("agent-" + i, "t")));
    }
    assertThat(store.sessions()).as("3 per namespace").isEqualTo(3);
    assertThat(read("team-a", "x")).extracting(e -> e.step().principal()).doesNotContain("agent-0");

    clock.advance(Duration.ofSeconds(1));
    store.append("team-b", "crm", "crm-b", 1, List.of(step("b-0", "t"), step("b-1", "t")));
    assertThat(store.sessions()).isEqualTo(5);
    clock.advance(Duration.ofSeconds(1));
    store.append("team-c", "crm", "crm-c", 1, List.of(step("c-0", "t")));
    assertThat(store.sessions()).as("5 overall").isEqualTo(5);
    assertThat(read("team-a", "x")).as("the idlest session anywhere made room")
        .extracting(e -> e.step().principal()).containsExactlyInAnyOrder("agent-2", "agent-3");
    assertThat(store.evictedForRoom()).isEqualTo(2);

    for (int i = 0; i < 10; i++) {
      store.append("team-c", "crm", "crm-c", i + 2, List.of(step("c-0", "t" + i, i)));
    }
    assertThat(read("team-c", "x")).as("4 steps per session").extracting(e -> e.step().tool())
        .containsExactly("t6", "t7", "t8", "t9");
  }

  @Test
  void idleSessionsAndTheirNamespacesGo() {
    store.append("team-a", "crm", "crm-0", 1, List.of(step("agent", "t", 1)));
    clock.advance(Duration.ofMinutes(29));
    store.append("team-b", "crm", "crm-b", 1, List.of(step("agent", "t", 2)));
    assertThat(store.sessions()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(2));
    assertThat(read("team-a", "x")).isEmpty();
    assertThat(read("team-b", "x")).hasSize(1);
    assertThat(store.sessions()).isEqualTo(1);
    assertThat(store.evictedIdle()).isEqualTo(1);
    assertThat(store.append("team-a", "crm", "crm-0", 1, List.of(step("agent", "t", 1))))
        .as("a namespace idle that long forgot its batch numbers").isEqualTo(SharedSessionStore.Stored.APPLIED);
  }
}
