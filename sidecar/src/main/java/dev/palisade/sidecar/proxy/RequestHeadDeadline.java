package dev.palisade.sidecar.proxy;

import dev.palisade.sidecar.metrics.SidecarMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes client connections that take too long to send a request head (slowloris). Vert.x's idle
 * timeout alone does not help: a client that drips one header byte at a time is never idle.
 *
 * <p>A new connection has {@code firstHead} to deliver a complete request head; once every request
 * on it has been answered, it has {@code nextHead} (the keep-alive idle allowance) to deliver the
 * next one. While a request is in flight (a long SSE answer, say) no deadline runs. One instance
 * per listener, used only from that listener's event loop, so plain fields suffice.
 */
final class RequestHeadDeadline {
  private final Vertx vertx;
  private final long firstHeadMillis;
  private final long nextHeadMillis;
  private final SidecarMetrics metrics;
  private final Map<HttpConnection, ConnectionState> connections = new HashMap<>();

  private static final class ConnectionState {
    long timer = -1;
    int inFlight;
    boolean closed;
  }

  RequestHeadDeadline(Vertx vertx, Duration firstHead, Duration nextHead, SidecarMetrics metrics) {
    this.vertx = vertx;
    this.firstHeadMillis = Math.max(1, firstHead.toMillis());
    this.nextHeadMillis = Math.max(1, nextHead.toMillis());
    this.metrics = metrics;
  }

  /** For {@code HttpServer.connectionHandler}: starts the first deadline. */
  void onConnection(HttpConnection connection) {
    ConnectionState state = new ConnectionState();
    connections.put(connection, state);
    connection.closeHandler(v -> {
      state.closed = true;
      cancel(state);
      connections.remove(connection);
    });
    arm(connection, state, firstHeadMillis);
  }

  /** Wraps the request handler: a complete head stops the deadline, the end of the last answer restarts it. */
  Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    return request -> {
      HttpConnection connection = request.connection();
      ConnectionState state = connection == null ? null : connections.get(connection);
      if (state != null) {
        cancel(state);
        state.inFlight++;
        request.response().endHandler(v -> {
          state.inFlight--;
          if (state.inFlight == 0 && !state.closed) {
            arm(connection, state, nextHeadMillis);
          }
        });
      }
      next.handle(request);
    };
  }

  private void arm(HttpConnection connection, ConnectionState state, long millis) {
    cancel(state);
    state.timer = vertx.setTimer(millis, id -> {
      state.timer = -1;
      if (state.inFlight == 0 && !state.closed) {
        metrics.limitHit("request_head_timeout");
        connection.close();
      }
    });
  }

  private void cancel(ConnectionState state) {
    if (state.timer >= 0) {
      vertx.cancelTimer(state.timer);
      state.timer = -1;
    }
  }

  /** Connections being watched (for tests: the map must not outlive its connections). */
  int watched() {
    return connections.size();
  }
}
