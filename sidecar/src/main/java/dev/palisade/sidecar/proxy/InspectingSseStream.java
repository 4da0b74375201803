package dev.palisade.sidecar.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import dev.palisade.sidecar.sse.SseEvent;
import dev.palisade.sidecar.sse.SseEventParser;
import java.util.List;

/**
 * A {@code text/event-stream} body that is parsed and inspected event by event as it streams. Each
 * complete event is passed on (as its original bytes, rewritten, or not at all) as soon as it is
 * complete; flow control is the upstream's, so a client that stops reading stops the upstream too.
 *
 * <p>The stream never tears: when the upstream fails, stalls past its idle timeout, sends an event
 * over the size limit or ends mid-event, the unscanned remainder is discarded, the requests of this
 * exchange still waiting for an answer get JSON-RPC errors as final events, and the stream ends.
 */
final class InspectingSseStream implements ReadStream<Buffer> {

  /** Decides what becomes of each event; all calls happen on the stream's event loop. */
  interface EventHandler {
    /** Bytes to emit for this event, or {@code null} to emit nothing. */
    byte[] onEvent(SseEvent event);

    /** Final bytes to emit when the stream breaks (errors for unanswered requests), or {@code null}. */
    byte[] onBreak(StreamBreak reason);

    /** The stream is over, whichever way it ended. */
    void onClose();
  }

  enum StreamBreak {
    UPSTREAM_FAILED("upstream_reset"),
    TRUNCATED("truncated"),
    EVENT_TOO_LARGE("sse_event_size");

    final String metric;

    StreamBreak(String metric) {
      this.metric = metric;
    }
  }

  private final ReadStream<Buffer> upstream;
  private final SseEventParser parser;
  private final EventHandler events;
  private final Runnable abortUpstream;
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private boolean ended;

  InspectingSseStream(ReadStream<Buffer> upstream, int maxEventBytes, EventHandler events, Runnable abortUpstream) {
    this.upstream = upstream;
    this.parser = new SseEventParser(maxEventBytes);
    this.events = events;
    this.abortUpstream = abortUpstream;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    if (handler == null) {
      upstream.handler(null);
      return this;
    }
    upstream.handler(this::onChunk);
    upstream.endHandler(v -> onUpstreamEnd());
    upstream.exceptionHandler(this::onUpstreamFailure);
    return this;
  }

  private void onChunk(Buffer chunk) {
    if (ended) {
      return;
    }
    List<SseEvent> complete = parser.feed(chunk.getBytes());
    Buffer out = null;
    for (SseEvent event : complete) {
      byte[] bytes = events.onEvent(event);
      if (bytes != null && bytes.length > 0) {
        out = out == null ? Buffer.buffer(bytes) : out.appendBytes(bytes);
      }
    }
    if (out != null) {
      dataHandler.handle(out);
    }
    if (parser.overflowed()) {
      finish(StreamBreak.EVENT_TOO_LARGE); // before the abort, whose failure callback would end the stream first
      abortUpstream.run();
    }
  }

  private void onUpstreamEnd() {
    finish(parser.hasPartialEvent() ? StreamBreak.TRUNCATED : null);
  }

  private void onUpstreamFailure(Throwable failure) {
    finish(StreamBreak.UPSTREAM_FAILED);
  }

  private void finish(StreamBreak reason) {
    if (ended) {
      return;
    }
    ended = true;
    if (reason != null) {
      byte[] last = events.onBreak(reason);
      if (last != null && last.length > 0 && dataHandler != null) {
        dataHandler.handle(Buffer.buffer(last));
      }
    }
    events.onClose();
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  /** Failures end the stream cleanly (see the class comment) instead of surfacing as exceptions. */
  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    upstream.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    upstream.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    upstream.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }
}
