package dev.palisade.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.inspection.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One value, one finding: overlapping matches of the same kind, and personal data inside a longer identifier, are kept once. */
class OverlappingFindingsTest {
  private static final ScanEngine ENGINE = DetectionEngine.scanEngine(null, ScanLimits.defaults());

  private static List<String> piiTypes(String text) {
    return ENGINE.scan(text).stream().filter(m -> m.rule().category() == Category.PII).map(m -> m.rule().type()).toList();
  }

  @Test
  void theDigitsOfAnIbanAreNotAlsoAPhoneNumber() {
    String text = "Pay to DE89 3704 0044 0532 0130 00 by Friday.";
    assertThat(ENGINE.scanAll(text)).extracting(m -> m.rule().type()).contains("iban", "phone_number"); // both rules match
    assertThat(piiTypes(text)).containsExactly("iban");
  }

  @Test
  void separateValuesOfDifferentTypesAreAllKept() {
    assertThat(piiTypes("IBAN DE89 3704 0044 0532 0130 00, phone +44 20 7946 0958")).containsExactly("iban", "phone_number");
  }
}
