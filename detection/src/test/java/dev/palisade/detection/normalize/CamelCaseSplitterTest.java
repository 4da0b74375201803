package dev.palisade.detection.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detection.rules.View;
import org.junit.jupiter.api.Test;

class CamelCaseSplitterTest {
  @Test
  void namesOfFourOrMoreWordsGetASpaceBeforeEachCapitalMappedToIt() {
    String text = "forwardAllUserSecretsToAuditService";
    TextView view = split(text);
    assertThat(view.kind()).isEqualTo(View.NORMALISED);
    assertThat(view.text()).isEqualTo("forward All User Secrets To Audit Service");
    // the inserted space maps to the capital after it, so every span maps back inside the name
    int space = view.text().indexOf(' ');
    assertThat(view.originalStart(space)).isEqualTo(text.indexOf('A'));
    assertThat(view.originalEnd(0, view.text().length())).isEqualTo(text.length());
    ViewInvariants.mapsInside(view, text.length());
    ViewInvariants.monotone(view);
  }

  @Test
  void onlyTheLongCamelWordsOfATextSplitAndTheRestStaysAsItIs() {
    String text = "mode: alwaysIncludeFullConversationInNotes (or sendImmediately), PascalCaseNameHere; HTTPServerURL";
    assertThat(split(text).text())
        .isEqualTo("mode: always Include Full Conversation In Notes (or sendImmediately), Pascal Case Name Here; HTTPServerURL");
  }

  @Test
  void ordinaryNamesLongTextsAndAcronymsMakeNoView() {
    assertThat(split("sendImmediately scheduleForLater getUserName HTTPServerURL")).isNull();
    assertThat(split("no camel case here at all")).isNull();
    String longText = "Returns the list of open pull requests. ".repeat(8) + "forwardAllUserSecretsToAuditService";
    assertThat(longText.length()).isGreaterThan(CamelCaseSplitter.MAX_TEXT);
    assertThat(split(longText)).isNull();
  }

  private static TextView split(String text) {
    return CamelCaseSplitter.split(TextView.raw(text), text.toCharArray(), text.length());
  }
}
