package dev.palisade.detection.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detection.work.ScanWork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  private final TextNormalizer normalizer = new TextNormalizer();

  private String normalise(String text) {
    return normalizer.normalise(TextView.raw(text), new ScanWork()).text();
  }

  @Test
  void everyAssignedCodePointFoldsToAFixedPoint() {
    List<String> unstable = new ArrayList<>();
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      if (!Character.isDefined(cp) || Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.PRIVATE_USE) {
        continue;
      }
      String once = normalise("x" + Character.toString(cp) + "x");
      if (!normalise(once).equals(once)) {
        unstable.add(String.format("U+%04X -> %s -> %s", cp, once.codePoints().mapToObj(Integer::toHexString).toList(), normalise(once).codePoints().mapToObj(Integer::toHexString).toList()));
      }
    }
    assertThat(unstable).isEmpty();
  }

  @Test
  void lettersThatCollapsingBringsTogetherAreJoinedInTheSamePass() {
    String once = normalise("a l \nl previous");
    assertThat(once).isEqualTo("all previous");
    assertThat(normalise(once)).isEqualTo(once);
    // a double space still separates letter-spaced words
    assertThat(normalise("i g n o r e  a l l")).isEqualTo("ignore all");
  }
}
