package dev.palisade.detection.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One labelled input: a {@code scan --jsonl} line plus its label. A positive names the category
 * (and optionally the type) that must be found; a negative names the categories that must not be.
 *
 * @param source where the case comes from (project cases or a corpus file), for the report
 * @param line the scan input line: id, kind, direction, content
 * @param positive the expected category, or null for a negative
 * @param type the expected type, or null
 * @param scope for negatives: the categories that must not be reported
 */
record LabelledCase(String source, JsonNode line, String positive, String type, Set<String> scope) {}
