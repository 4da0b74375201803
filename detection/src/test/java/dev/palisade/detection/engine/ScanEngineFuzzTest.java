package dev.palisade.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.detection.rules.View;
import dev.palisade.detection.work.ScanWork;
import java.util.List;

/**
 * Coverage-guided fuzzing of the whole scan (every shipped rule, all views) on arbitrary strings.
 *
 * <p>Invariants: it never throws; every match's span lies inside the text ({@code 0 <= start < end
 * <= length}), so a redaction masks what was found and nothing else; a match in the raw view is
 * exactly the text of its span, and a match in a decoded view spans at least the encoded run it came
 * from (never less than what it decoded); no two kept matches of one type overlap; decoding stops at
 * the configured depth; and the work is linear in the input.
 */
class ScanEngineFuzzTest {
  /**
   * Observed worst case is about 76: U+FDFA expands 18-fold under NFKC and the normaliser reads the
   * folded text four times. A quadratic path costs about n per character, orders of magnitude above.
   */
  static final int MAX_WORK_PER_CHAR = 128;
  private static final ScanLimits LIMITS = ScanLimits.defaults();
  private static final ScanEngine ENGINE = DetectionEngine.scanEngine(null, LIMITS);

  @FuzzTest(maxDuration = "10s")
  void matchesPointInsideTheText(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    ScanWork work = new ScanWork();
    List<Match> matches = ENGINE.scan(text, work);
    for (Match match : matches) {
      assertThat(match.start()).as("start of %s", match.rule().id()).isBetween(0, text.length());
      assertThat(match.end()).as("end of %s", match.rule().id()).isBetween(match.start() + 1, text.length());
      if (match.view() == View.RAW) {
        assertThat(text.substring(match.start(), match.end())).isEqualTo(match.matched());
      }
    }
    for (int i = 1; i < matches.size(); i++) {
      for (int j = 0; j < i; j++) {
        Match a = matches.get(j);
        Match b = matches.get(i);
        boolean sameType = a.rule().category() == b.rule().category() && a.rule().type().equals(b.rule().type());
        assertThat(sameType && a.start() < b.end() && b.start() < a.end()).as("%s overlaps %s", a, b).isFalse();
      }
    }
    assertThat(work.deepestDecode()).isLessThanOrEqualTo(LIMITS.maxDecodeDepth());
    assertThat(work.chars()).isLessThanOrEqualTo((long) MAX_WORK_PER_CHAR * text.length() + 1024);
  }
}
