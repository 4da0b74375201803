package dev.palisade.sidecar.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventParserTest {
  private static final String STREAM = "event: message\nid: 1\ndata: {\"a\":1}\n\n"
      + ": keep-alive comment\n\n"
      + "data: line one\r\ndata: line two\r\n\r\n"
      + "id: 2\rdata: cr only\r\r"
      + "retry: 500\ndata:no-space\n\n";

  private static List<SseEvent> parseAll(byte[] stream, int chunkSize) {
    SseEventParser parser = new SseEventParser(1 << 20);
    List<SseEvent> events = new ArrayList<>();
    for (int i = 0; i < stream.length; i += chunkSize) {
      events.addAll(parser.feed(stream, i, Math.min(chunkSize, stream.length - i)));
    }
    assertThat(parser.hasPartialEvent()).isFalse();
    return events;
  }

  private static String data(SseEvent event) {
    return event.data() == null ? null : new String(event.data(), StandardCharsets.UTF_8);
  }

  @Test
  void parsesFieldsAndAllLineEndings() {
    List<SseEvent> events = parseAll(STREAM.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    assertThat(events).hasSize(5);
    assertThat(events.get(0).type()).isEqualTo("message");
    assertThat(events.get(0).id()).isEqualTo("1");
    assertThat(data(events.get(0))).isEqualTo("{\"a\":1}");
    assertThat(events.get(1).dispatched()).isFalse();
    assertThat(data(events.get(2))).isEqualTo("line one\nline two");
    assertThat(events.get(3).id()).isEqualTo("2");
    assertThat(data(events.get(3))).isEqualTo("cr only");
    assertThat(data(events.get(4))).isEqualTo("no-space");
    assertThat(events.get(4).effectiveType()).isEqualTo("message");
  }

  @Test
  void anyChunkingYieldsTheSameEventsAndTheSameBytes() {
    byte[] stream = STREAM.getBytes(StandardCharsets.UTF_8);
    List<SseEvent> whole = parseAll(stream, Integer.MAX_VALUE);
    for (int chunk = 1; chunk <= stream.length; chunk++) {
      List<SseEvent> events = parseAll(stream, chunk);
      assertThat(events).as("chunk size %d", chunk).hasSameSizeAs(whole);
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      for (int i = 0; i < events.size(); i++) {
        assertThat(data(events.get(i))).isEqualTo(data(whole.get(i)));
        assertThat(events.get(i).id()).isEqualTo(whole.get(i).id());
        raw.writeBytes(events.get(i).raw());
      }
      assertThat(raw.toByteArray()).as("raw bytes pass through unchanged, chunk %d", chunk).isEqualTo(stream);
    }
  }

  @Test
  void eventsAreReturnedAsSoonAsTheyAreComplete() {
    SseEventParser parser = new SseEventParser(1024);
    assertThat(parser.feed("data: first\n\ndata: sec".getBytes(StandardCharsets.UTF_8))).hasSize(1);
    assertThat(parser.hasPartialEvent()).isTrue();
    assertThat(parser.feed("ond\n\n".getBytes(StandardCharsets.UTF_8))).singleElement()
        .satisfies(e -> assertThat(data(e)).isEqualTo("second"));
  }

  @Test
  void aByteOrderMarkAtTheStartIsNotPartOfTheFieldName() {
    byte[] stream = ("\uFEFFdata: x\n\n").getBytes(StandardCharsets.UTF_8);
    assertThat(parseAll(stream, 1)).singleElement().satisfies(e -> assertThat(data(e)).isEqualTo("x"));
  }

  @Test
  void anEventOverTheLimitStopsTheParser() {
    SseEventParser parser = new SseEventParser(16);
    assertThat(parser.feed("data: 0123456789abcdef\n\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(parser.overflowed()).isTrue();
    assertThat(parser.feed("data: x\n\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void writerOutputParsesBackToTheSameData() {
    byte[] encoded = SseEvents.encode("message", "42", "a\nb\r\nc");
    assertThat(parseAll(encoded, 3)).singleElement().satisfies(e -> {
      assertThat(data(e)).isEqualTo("a\nb\nc");
      assertThat(e.id()).isEqualTo("42");
      assertThat(e.type()).isEqualTo("message");
    });
  }
}
