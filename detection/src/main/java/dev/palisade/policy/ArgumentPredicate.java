package dev.palisade.policy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;

/**
 * A condition on a {@code tools/call} argument: the value at a JSON pointer inside
 * {@code params.arguments} must match a glob or a regex (re2j, searched, not anchored).
 */
public record ArgumentPredicate(JsonPointer pointer, Glob glob, Pattern regex) {

  public boolean matches(JsonNode arguments) {
    JsonNode value = arguments.at(pointer);
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    String text = value.isValueNode() ? value.asText() : value.toString();
    return (glob == null || glob.matches(text)) && (regex == null || regex.matcher(text).find());
  }
}
