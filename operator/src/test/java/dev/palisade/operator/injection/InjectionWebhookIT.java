package dev.palisade.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.operator.testing.SelfSignedTls;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook endpoint over HTTPS: AdmissionReview JSON in, JSON patch out. */
class InjectionWebhookIT {
  @TempDir
  static Path certificates;
  private static InjectionWebhookServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    SelfSignedTls tls = SelfSignedTls.create(certificates);
    server = new InjectionWebhookServer(new InetSocketAddress("127.0.0.1", 0), tls.serverContext(),
        new AdmissionHandler(InjectionConfig.defaults())).start();
    client = HttpClient.newBuilder().sslContext(tls.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void annotatedPodIsAnsweredWithTheGoldenPatch() throws Exception {
    HttpResponse<String> response = post(review("named-mcp-port.yaml", "uid-1"));

    assertThat(response.statusCode()).isEqualTo(200);
    AdmissionReview answer = Serialization.unmarshal(response.body(), AdmissionReview.class);
    assertThat(answer.getResponse().getUid()).isEqualTo("uid-1");
    assertThat(answer.getResponse().getAllowed()).isTrue();
    assertThat(answer.getResponse().getPatchType()).isEqualTo("JSONPatch");
    JsonNode patch = Serialization.jsonMapper().readTree(Base64.getDecoder().decode(answer.getResponse().getPatch()));
    assertThat(patch.toString()).contains("/spec/containers/1").contains("palisade-sidecar");
  }

  @Test
  void podThatIsNotAnnotatedIsAllowedUnchanged() throws Exception {
    HttpResponse<String> response = post(review("not-annotated.yaml", "uid-2"));

    AdmissionReview answer = Serialization.unmarshal(response.body(), AdmissionReview.class);
    assertThat(answer.getResponse().getAllowed()).isTrue();
    assertThat(answer.getResponse().getPatch()).isNull();
  }

  @Test
  void garbageIsABadRequestNotACrash() throws Exception {
    assertThat(post("{\"kind\":").statusCode()).isEqualTo(400);
  }

  private static String review(String podFile, String uid) throws Exception {
    JsonNode pod = Serialization.jsonMapper().valueToTree(
        Serialization.unmarshal(Files.readString(Path.of("src/test/resources/injection", podFile)), Object.class));
    var review = Serialization.jsonMapper().createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    var request = review.putObject("request");
    request.put("uid", uid).put("operation", "CREATE").put("namespace", pod.path("metadata").path("namespace").asText());
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.set("object", pod);
    return review.toString();
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + InjectionWebhookServer.PATH))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
