package dev.palisade.detection.engine;

import dev.palisade.detection.rules.Rule;
import dev.palisade.detection.rules.View;

/**
 * A rule match in a scanned string: the span in the original string, the view it was found in, and
 * the matched text as that view saw it (decoded or normalised), for evidence only.
 */
public record Match(Rule rule, int start, int end, View view, String matched) {}
