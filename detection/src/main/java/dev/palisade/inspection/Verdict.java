package dev.palisade.inspection;

import java.util.ArrayList;
import java.util.List;

/** What one inspector concluded about one message: zero or more decisions. */
public record Verdict(List<Decision> decisions) {
  private static final Verdict ALLOW = new Verdict(List.of());

  public Verdict {
    decisions = List.copyOf(decisions);
  }

  public static Verdict allow() {
    return ALLOW;
  }

  public static Verdict of(Decision decision) {
    return new Verdict(List.of(decision));
  }

  /** The strongest action that applies on the wire. */
  public Action action() {
    Action strongest = Action.ALLOW;
    for (Decision decision : decisions) {
      strongest = Action.strongest(strongest, decision.effectiveAction());
    }
    return strongest;
  }

  public Verdict and(Verdict other) {
    if (other.decisions.isEmpty()) {
      return this;
    }
    if (decisions.isEmpty()) {
      return other;
    }
    List<Decision> all = new ArrayList<>(decisions.size() + other.decisions.size());
    all.addAll(decisions);
    all.addAll(other.decisions);
    return new Verdict(all);
  }
}
