package dev.palisade.sidecar.proxy;

import io.netty.handler.codec.PrematureChannelClosureException;
import io.vertx.core.http.HttpServerRequest;

/**
 * What a listener does with a request head that could not be decoded. A head cut short because the
 * client closed the connection gets no answer: nobody is left to read it, and the close that follows
 * resets the request. Every other malformed head gets Vert.x's default answer (400, 414 or 431).
 *
 * <p>Answering the vanished client, as the default does, ends a response whose request never ends,
 * and Vert.x 5.0.x never counts such a request down in {@code vertx_http_server_active_requests}
 * (eclipse-vertx/vert.x#6328): after a storm of half-sent heads the gauge stayed at one per head,
 * although nothing was held.
 */
final class InvalidRequests {
  private InvalidRequests() {}

  static void handle(HttpServerRequest request) {
    if (request.decoderResult().cause() instanceof PrematureChannelClosureException) {
      return;
    }
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
  }
}
