package dev.palisade.detection.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;

/**
 * Values a rule must not report although its regex matches: documented placeholders, templates,
 * look-alikes. A value is allowed when any regex finds a match in it or it contains a stopword
 * (case-insensitive).
 */
public record Allowlist(List<Pattern> regexes, List<String> stopwords) {
  public static final Allowlist EMPTY = new Allowlist(List.of(), List.of());

  public Allowlist {
    regexes = List.copyOf(regexes);
    stopwords = stopwords.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  public boolean allows(String value) {
    if (!stopwords.isEmpty()) {
      String lower = value.toLowerCase(Locale.ROOT);
      for (String stopword : stopwords) {
        if (lower.contains(stopword)) {
          return true;
        }
      }
    }
    for (Pattern regex : regexes) {
      if (regex.matcher(value).find()) {
        return true;
      }
    }
    return false;
  }

  public Allowlist and(Allowlist other) {
    if (other.regexes.isEmpty() && other.stopwords.isEmpty()) {
      return this;
    }
    if (regexes.isEmpty() && stopwords.isEmpty()) {
      return other;
    }
    return new Allowlist(
        java.util.stream.Stream.concat(regexes.stream(), other.regexes.stream()).toList(),
        java.util.stream.Stream.concat(stopwords.stream(), other.stopwords.stream()).toList());
  }
}
