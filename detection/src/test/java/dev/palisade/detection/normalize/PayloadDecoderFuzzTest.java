package dev.palisade.detection.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.detection.rules.View;
import dev.palisade.detection.work.ScanWork;
import java.util.List;

/**
 * Coverage-guided fuzzing of the payload decoder, two layers deep as the scan engine peels them.
 *
 * <p>Invariants: it never throws; one call yields at most one escape view plus
 * {@link PayloadDecoder#MAX_CANDIDATES} run views, each one layer deeper than its source and no longer
 * than it; every decoded character maps to a non-empty span of the original string; a character
 * mapped to a single original character is that character (an escape always spans several, so this
 * catches spans shifted off their source); and the characters read stay linear in the input.
 */
class PayloadDecoderFuzzTest {
  /** Per input character: the run search, the run decode and the escape pass with its bounded look-ahead. */
  private static final int READS_PER_CHAR = 3 + 1 + PayloadDecoder.MAX_ENTITY;
  private static final PayloadDecoder DECODER = new PayloadDecoder();

  @FuzzTest(maxDuration = "10s")
  void decodedViewsStayBoundedAndMapBack(FuzzedDataProvider data) {
    int budget = data.consumeInt(0, 4096);
    String text = data.consumeRemainingAsString();
    TextView raw = TextView.raw(text);
    for (TextView first : checkedDecode(raw, budget, text)) {
      checkedDecode(first, budget, text);
    }
  }

  private static List<TextView> checkedDecode(TextView source, int budget, String original) {
    ScanWork work = new ScanWork();
    List<TextView> views = DECODER.decode(source, budget, work);
    assertThat(views).hasSizeLessThanOrEqualTo(1 + PayloadDecoder.MAX_CANDIDATES);
    assertThat(work.decodedViews()).isEqualTo(views.size());
    assertThat(work.decoderChars()).isLessThanOrEqualTo((long) READS_PER_CHAR * source.text().length() + READS_PER_CHAR);
    for (TextView view : views) {
      assertThat(view.kind()).isEqualTo(View.DECODED);
      assertThat(view.depth()).isEqualTo(source.depth() + 1);
      assertThat(view.text().length()).isLessThanOrEqualTo(source.text().length());
      ViewInvariants.mapsInside(view, original.length());
      ViewInvariants.monotone(view);
      for (int i = 0; i < view.text().length(); i++) {
        if (view.rawEnd()[i] - view.rawStart()[i] == 1) {
          assertThat(view.text().charAt(i)).isEqualTo(original.charAt(view.rawStart()[i]));
        }
      }
    }
    return views;
  }
}
