package dev.palisade.detection.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a rule must not report although its regex matches: documented placeholders, templates,
 * look-alikes. A reported value is allowed when one of {@code regexes} finds a match in it or it
 * contains a stopword (case-insensitive); a whole match is allowed when one of {@code contexts}
 * finds a match in it, for the surroundings that say a value is not a secret (a {@code publicKey}
 * or {@code csrf_token} assignment).
 */
public record Allowlist(List<Pattern> regexes, List<String> stopwords, List<Pattern> contexts) {
  public static final Allowlist EMPTY = new Allowlist(List.of(), List.of(), List.of());

  public Allowlist {
    regexes = List.copyOf(regexes);
    stopwords = stopwords.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    contexts = List.copyOf(contexts);
  }

  public boolean isEmpty() {
    return regexes.isEmpty() && stopwords.isEmpty() && contexts.isEmpty();
  }

  /** Whether the reported {@code value}, found in {@code match} (the whole regex match), is allowed. */
  public boolean allows(String value, String match) {
    if (!stopwords.isEmpty()) {
      String lower = value.toLowerCase(Locale.ROOT);
      for (String stopword : stopwords) {
        if (lower.contains(stopword)) {
          return true;
        }
      }
    }
    return anyFinds(regexes, value) || anyFinds(contexts, match);
  }

  private static boolean anyFinds(List<Pattern> patterns, String text) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }

  public Allowlist and(Allowlist other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    return new Allowlist(
        Stream.concat(regexes.stream(), other.regexes.stream()).toList(),
        Stream.concat(stopwords.stream(), other.stopwords.stream()).toList(),
        Stream.concat(contexts.stream(), other.contexts.stream()).toList());
  }
}
