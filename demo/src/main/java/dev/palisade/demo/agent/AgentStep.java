package dev.palisade.demo.agent;

import java.util.function.Function;

/**
 * One scripted step of an agent session. Adding a scenario to the demo is adding steps.
 *
 * @param title what the agent does, in a few words
 * @param expected what a protected session should see
 * @param why why that is the expected outcome (the rule at work), shown in the report
 * @param action performs the step
 */
public record AgentStep(String title, Outcome expected, String why, Function<AgentSession, Observation> action) {}
