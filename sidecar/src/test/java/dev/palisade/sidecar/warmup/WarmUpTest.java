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

  @Test
  void aLongRunAnswersEveryExchange() throws Exception {
    // Exchanges started from a thread outside Vert.x and chained request -> send -> body could lose an
    // answer that ended before body() was called (eclipse-vertx/vert.x#6038): about one in 1,600
    // exchanges waited forever, so a run this long hung about every other time.
    WarmUp.Result result = WarmUp.run(150);
    assertThat(result.sent()).isEqualTo(1200);
    assertThat(result.complete()).isTrue();
  }
}
