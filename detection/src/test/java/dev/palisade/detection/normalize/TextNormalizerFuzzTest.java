package dev.palisade.detection.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.detection.JavaEscapes;
import dev.palisade.detection.rules.View;
import dev.palisade.detection.work.ScanWork;

/**
 * Coverage-guided fuzzing of the normaliser (see the README's "Fuzzing" section for the long run).
 *
 * <p>Invariants: it never throws; every character of the normalised view maps to a non-empty span
 * of the original, in order; normalising the normalised text changes nothing more (idempotent, so a
 * second layer of evasion is not needed to see through the first); when {@link TextNormalizer#needed}
 * says no view is needed, the view would not show a single letter or digit the text does not already
 * show (otherwise an evasion slips past the cheap check); and the work is linear in the input.
 */
class TextNormalizerFuzzTest {
  /** NFKC expands one code point to at most 18 (U+FDFA); its skeleton keeps that within this bound. */
  private static final int MAX_EXPANSION = 20;
  private static final TextNormalizer NORMALIZER = new TextNormalizer();

  @FuzzTest(maxDuration = "10s")
  void normalisedViewMapsBackAndIsIdempotent(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    ScanWork work = new ScanWork();
    TextView view = NORMALIZER.normalise(TextView.raw(text), work);

    assertThat(view.kind()).isEqualTo(View.NORMALISED);
    assertThat(view.depth()).isZero();
    ViewInvariants.mapsInside(view, text.length());
    ViewInvariants.monotone(view);
    assertThat(view.text().length()).isLessThanOrEqualTo(MAX_EXPANSION * text.length());
    // one pass over the text, then joining and collapsing read the folded text at most four times
    assertThat(work.normaliserChars()).isLessThanOrEqualTo((1L + 4L * MAX_EXPANSION) * text.length());

    String again = NORMALIZER.normalise(TextView.raw(view.text()), new ScanWork()).text();
    assertThat(again).as("normalising %s twice", JavaEscapes.of(text)).isEqualTo(view.text());

    char[] chars = text.toCharArray();
    assertThat(NORMALIZER.needed(chars, chars.length, TextShape.of(chars, chars.length)))
        .as("the shape-guided check of %s agrees with the full one", JavaEscapes.of(text)).isEqualTo(NORMALIZER.needed(text));
    if (!NORMALIZER.needed(text)) {
      assertThat(asciiLettersAndDigits(view.text())).as("letters of the view of %s", JavaEscapes.of(text))
          .isEqualTo(asciiLettersAndDigits(text));
    }
  }

  private static String asciiLettersAndDigits(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
