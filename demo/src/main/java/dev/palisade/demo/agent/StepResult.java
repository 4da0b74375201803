package dev.palisade.demo.agent;

/** A step and what actually happened when the agent ran it. */
public record StepResult(AgentStep step, Observation observed) {

  public boolean asExpected() {
    return step.expected() == observed.outcome();
  }
}
