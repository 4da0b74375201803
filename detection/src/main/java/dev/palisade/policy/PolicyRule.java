package dev.palisade.policy;

import dev.palisade.inspection.Action;

/** One ordered rule of a policy: when it matches, its action applies. */
public record PolicyRule(String name, RuleMatch match, Action action) {}
