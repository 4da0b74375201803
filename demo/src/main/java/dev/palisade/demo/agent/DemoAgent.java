package dev.palisade.demo.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs a script of steps in one agent session and records what each step saw. */
public final class DemoAgent {
  private final AgentSession session;

  public DemoAgent(AgentSession session) {
    this.session = session;
  }

  /**
   * @param onStep called after each step, so a report can be printed as the session goes
   */
  public List<StepResult> run(List<AgentStep> script, Consumer<StepResult> onStep) {
    List<StepResult> results = new ArrayList<>(script.size());
    for (AgentStep step : script) {
      StepResult result = new StepResult(step, step.action().apply(session));
      results.add(result);
      onStep.accept(result);
    }
    return results;
  }
}
