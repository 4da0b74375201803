package dev.palisade.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.Match;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.inspection.Category;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every rule's own examples through the full engine: each must-match finds that rule, each must-not-match does not. */
class RuleExamplesTest {
  private static final ScanEngine ENGINE = DetectionEngine.scanEngine(null, ScanLimits.defaults());

  @Test
  void everyRuleMatchesItsExamplesAndNothingElse() {
    List<String> failures = new ArrayList<>();
    for (Rule rule : ENGINE.rules().rules()) {
      for (String text : rule.examples().match()) {
        if (ENGINE.scanAll(text).stream().noneMatch(m -> m.rule() == rule)) {
          failures.add(rule.id() + " did not match: " + text.replace("\n", "\\n"));
        }
      }
      for (String text : rule.examples().noMatch()) {
        List<Match> hits = ENGINE.scanAll(text).stream().filter(m -> m.rule() == rule).toList();
        if (!hits.isEmpty()) {
          failures.add(rule.id() + " matched a must-not-match example: " + text.replace("\n", "\\n"));
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void packsMeetTheCoverageTheIssueAsksFor() {
    assertThat(ENGINE.rules().countOf(Category.INJECTION)).isGreaterThanOrEqualTo(80);
    assertThat(ENGINE.rules().countOf(Category.SECRET)).isGreaterThanOrEqualTo(120);
    long piiTypes = ENGINE.rules().rules().stream().filter(r -> r.category() == Category.PII).map(Rule::type).distinct().count();
    assertThat(piiTypes).isGreaterThanOrEqualTo(15);
    long providers = ENGINE.rules().rules().stream().filter(r -> r.category() == Category.SECRET).map(Rule::description).distinct().count();
    assertThat(providers).isGreaterThanOrEqualTo(70);
  }
}
