package dev.palisade.sidecar.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {
  @Test
  void everyExchangeOfEveryRoundIsAnsweredThroughTheSidecarIncludingTheStreams() throws Exception {
    WarmUp.Result result = WarmUp.run(2);
    // per round: initialize, initialized, tools/list, three calls, /readyz and /metrics
    assertThat(result.sent()).isEqualTo(16);
    assertThat(result.answered()).isEqualTo(16);
    assertThat(result.streamed()).isEqualTo(2);
    assertThat(result.complete()).isTrue();
  }
}
