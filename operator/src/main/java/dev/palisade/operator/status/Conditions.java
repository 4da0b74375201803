package dev.palisade.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds status conditions the Kubernetes way: each carries the generation it describes, and a
 * condition whose status did not change keeps its {@code lastTransitionTime}, so an unchanged
 * resource produces an identical status and no patch.
 */
public final class Conditions {
  private final List<Condition> previous;
  private final long generation;
  private final Clock clock;
  private final List<Condition> next = new ArrayList<>();

  public Conditions(List<Condition> previous, Long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation == null ? 0 : generation;
    this.clock = clock;
  }

  public Conditions set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    Condition before = previous.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition = before != null && value.equals(before.getStatus()) && before.getLastTransitionTime() != null
        ? before.getLastTransitionTime()
        : clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    next.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
        .withObservedGeneration(generation).withLastTransitionTime(transition).build());
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  /** Whether {@code type} is present and true. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType()) && Objects.equals("True", c.getStatus()));
  }
}
