package dev.palisade.detection.rules;

import com.google.re2j.Pattern;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Severity;
import java.util.List;
import java.util.Set;

/**
 * One detection rule, as written in a rule pack. Code never holds rule content; it only supplies
 * validators by name.
 *
 * @param id unique id, e.g. {@code secret.github-pat}
 * @param category finding category
 * @param type finding type within the category, e.g. {@code github_token}
 * @param severity finding severity
 * @param description what the rule is for
 * @param pattern compiled re2j regex
 * @param keywords literals (case-insensitive) of which one must occur, inside the match, for the regex to run
 * @param near further groups of literals: one of each group must also occur within {@code maxLength} of the keyword
 * @param minDigits the regex also runs around clusters of at least this many digits (0: keywords only)
 * @param maxLength longest match the rule can produce; the regex runs only within this distance of a keyword or digit
 * @param group capture group whose span is reported (0 = whole match)
 * @param validator name of a code validator that must accept the match, or {@code null}
 * @param minEntropy minimum Shannon entropy (bits per char) of the reported span, 0 for none
 * @param allowlist values that are never reported
 * @param views renderings the rule runs on
 * @param examples texts that must and must not match
 * @param source the rule file the rule came from
 */
public record Rule(
    String id,
    Category category,
    String type,
    Severity severity,
    String description,
    Pattern pattern,
    List<String> keywords,
    List<List<String>> near,
    int minDigits,
    int maxLength,
    int group,
    String validator,
    double minEntropy,
    Allowlist allowlist,
    Set<View> views,
    RuleExamples examples,
    String source) {

  /** Most literal groups a rule may list under {@code near}. */
  public static final int MAX_NEAR_GROUPS = 3;

  public Rule {
    keywords = List.copyOf(keywords);
    near = near.stream().map(List::copyOf).toList();
    views = Set.copyOf(views);
  }
}
