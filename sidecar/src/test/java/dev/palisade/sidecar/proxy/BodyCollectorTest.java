package dev.palisade.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BodyCollectorTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @Test
  void keepsASingleChunkAsItIs() {
    Chunks stream = new Chunks();
    Future<Buffer> body = collect(stream, 5, 100);
    Buffer chunk = Buffer.buffer("hello");
    stream.send(chunk).end();
    assertThat(body.result()).isSameAs(chunk);
  }

  @Test
  void joinsChunksInOrder() {
    Chunks stream = new Chunks();
    Future<Buffer> body = collect(stream, -1, 100);
    stream.send(Buffer.buffer("{\"a\":")).send(Buffer.buffer("1,")).send(Buffer.buffer("\"b\":2}")).end();
    assertThat(body.result().toString()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void refusesABodyThatGrowsPastTheLimitAcrossChunks() {
    Chunks stream = new Chunks();
    Future<Buffer> body = collect(stream, -1, 8);
    stream.send(Buffer.buffer("12345")).send(Buffer.buffer("6789")).end();
    assertThat(body.failed()).isTrue();
    assertThat(body.cause()).isInstanceOfSatisfying(LimitExceeded.class, limit -> {
      assertThat(limit.limit()).isEqualTo("request_body_size");
      assertThat(limit.httpStatus()).isEqualTo(413);
    });
  }

  @Test
  void anEmptyBodyIsEmpty() {
    Chunks stream = new Chunks();
    Future<Buffer> body = collect(stream, 0, 8);
    stream.end();
    assertThat(body.result().length()).isZero();
  }

  private static Future<Buffer> collect(Chunks stream, long declared, int max) {
    return BodyCollector.collect(vertx, stream, declared, max, Duration.ZERO, "request");
  }

  /** A body arriving chunk by chunk, as Vert.x hands it over. */
  private static final class Chunks implements ReadStream<Buffer> {
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;

    Chunks send(Buffer chunk) {
      if (handler != null) {
        handler.handle(chunk);
      }
      return this;
    }

    void end() {
      endHandler.handle(null);
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }
  }
}
