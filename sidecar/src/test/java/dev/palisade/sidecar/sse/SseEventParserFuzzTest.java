package dev.palisade.sidecar.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the SSE parser with the stream cut into fuzzer-chosen chunks.
 *
 * <p>Invariants: feeding never throws; the raw bytes of the events returned, concatenated, are
 * exactly the prefix of the stream consumed so far (nothing invented, dropped or reordered, which
 * is what makes byte-for-byte pass-through safe); no event is larger than the limit; and once over
 * the limit the parser returns nothing more. Without overflow, whatever was not returned is the
 * partial event it reports.
 */
class SseEventParserFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void eventsAreExactlyTheConsumedPrefix(FuzzedDataProvider data) {
    int maxEventBytes = data.consumeInt(1, 512);
    int chunks = data.consumeInt(1, 16);
    SseEventParser parser = new SseEventParser(maxEventBytes);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    ByteArrayOutputStream emitted = new ByteArrayOutputStream();
    for (int c = 0; c < chunks && data.remainingBytes() > 0; c++) {
      byte[] chunk = c == chunks - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 64));
      boolean overflowedBefore = parser.overflowed();
      input.writeBytes(chunk);
      var events = parser.feed(chunk);
      if (overflowedBefore) {
        assertThat(events).isEmpty();
      }
      for (SseEvent event : events) {
        assertThat(event.raw().length).isBetween(1, maxEventBytes);
        if (event.data() != null) {
          assertThat(event.data().length).isLessThan(event.raw().length);
        }
        emitted.writeBytes(event.raw());
      }
    }
    byte[] all = input.toByteArray();
    byte[] out = emitted.toByteArray();
    assertThat(out.length).isLessThanOrEqualTo(all.length);
    assertThat(out).isEqualTo(Arrays.copyOf(all, out.length));
    if (!parser.overflowed()) {
      int pending = all.length - out.length;
      boolean loneLf = pending == 1 && all[all.length - 1] == '\n';
      assertThat(parser.hasPartialEvent()).isEqualTo(pending > 0 && !loneLf);
    }
  }
}
