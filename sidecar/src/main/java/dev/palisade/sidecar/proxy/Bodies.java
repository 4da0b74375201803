package dev.palisade.sidecar.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;

/** Proxy bodies that keep the content type they are given (the library's helpers default to octet-stream). */
final class Bodies {
  private Bodies() {}

  static Body of(Buffer buffer, String contentType) {
    Body delegate = Body.body(buffer);
    return new Body() {
      @Override
      public String mediaType() {
        return contentType;
      }

      @Override
      public long length() {
        return buffer.length();
      }

      @Override
      public ReadStream<Buffer> stream() {
        return delegate.stream();
      }
    };
  }

  static Body streaming(ReadStream<Buffer> stream, String contentType) {
    return Body.body(stream, -1L, contentType);
  }
}
