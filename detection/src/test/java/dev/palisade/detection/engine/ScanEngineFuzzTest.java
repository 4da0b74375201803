package dev.palisade.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.detection.JavaEscapes;
import dev.palisade.detection.rules.View;
import dev.palisade.detection.work.ScanWork;
import java.util.List;

/**
 * Coverage-guided fuzzing of the whole scan (every shipped rule, all views) on arbitrary strings.
 *
 * <p>Invariants: it never throws; every match's span lies inside the text ({@code 0 <= start < end
 * <= length}), so a redaction masks what was found and nothing else; a match in the raw view is
 * exactly the text of its span, and a match in a decoded view spans at least as many original
 * characters as it has (decoding never lengthens text, so fewer would mean a span shifted off its
 * encoded source); no two kept matches of one type overlap; decoding stops at
 * the configured depth; and the work stays within its structural bounds (below), which make it linear.
 */
class ScanEngineFuzzTest {
  /**
   * Views are the raw text, its decodings (each layer at most twice the characters of the one above:
   * one escape view plus runs that do not overlap; two layers) and a normalised view of each, at most
   * 20 times longer (NFKC expands U+FDFA 18-fold): (1 + 2 + 4) * (1 + 20).
   */
  private static final int MAX_VIEW_CHARS_PER_CHAR = 147;
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
      if (match.view() == View.DECODED) {
        // decoding never lengthens text, so a decoded match maps back to at least as many characters as it has
        assertThat(match.end() - match.start()).as("span of %s in %s", match, JavaEscapes.of(text))
            .isGreaterThanOrEqualTo(match.matched().length());
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
    String where = "work on " + JavaEscapes.of(text) + ": " + work;
    long views = work.viewChars();
    assertThat(views).as(where).isLessThanOrEqualTo((long) MAX_VIEW_CHARS_PER_CHAR * text.length());
    // a rule's windows in one view never overlap: its DFA, then re2j, read each view at most once
    assertThat(work.dfaChars()).as(where).isLessThanOrEqualTo((long) ENGINE.rules().size() * views);
    assertThat(work.regexChars()).as(where).isLessThanOrEqualTo(work.dfaChars());
    assertThat(work.regexFinds()).as(where).isLessThanOrEqualTo(work.regexRuns() + work.regexChars());
    // the decoder reads each character of a decoded view's source a bounded number of times, the normaliser five
    assertThat(work.decoderChars()).as(where).isLessThanOrEqualTo(16 * views + 1024);
    assertThat(work.normaliserChars()).as(where).isLessThanOrEqualTo(5 * views);
  }
}
