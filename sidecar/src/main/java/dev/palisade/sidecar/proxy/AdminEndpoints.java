package dev.palisade.sidecar.proxy;

import dev.palisade.sidecar.metrics.SidecarMetrics;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BooleanSupplier;

/** Health and metrics on the admin port: {@code /healthz}, {@code /readyz}, {@code /metrics}. */
final class AdminEndpoints {
  private final SidecarMetrics metrics;
  private final BooleanSupplier ready;

  AdminEndpoints(SidecarMetrics metrics, BooleanSupplier ready) {
    this.metrics = metrics;
    this.ready = ready;
  }

  void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/healthz", "/livez" -> json(request, 200, "{\"status\":\"UP\"}");
      case "/readyz" -> {
        boolean up = ready.getAsBoolean();
        json(request, up ? 200 : 503, up ? "{\"status\":\"READY\"}" : "{\"status\":\"STARTING\"}");
      }
      case "/metrics" -> request.response()
          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
          .end(metrics.scrape());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void json(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }
}
