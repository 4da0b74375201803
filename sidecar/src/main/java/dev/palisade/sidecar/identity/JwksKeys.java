package dev.palisade.sidecar.identity;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

/**
 * The verification keys, read from a file or fetched from a URL. Reading happens only in
 * {@link #refresh()}, which the sidecar calls at start and then periodically off the event loop;
 * verification only ever reads the last good set, so a slow or failing key server never blocks
 * a request, and a bad refresh keeps the previous keys.
 */
public final class JwksKeys implements JWKSource<SecurityContext> {
  private static final int MAX_BYTES = 512 * 1024;
  private final URI location;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile JWKSet keys = new JWKSet();

  public JwksKeys(URI location) {
    String scheme = location.getScheme();
    if (!"file".equals(scheme) && !"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException("JWKS location must be a file: path or an https: URL, got " + location);
    }
    this.location = location;
  }

  /** Reads the key set again; on failure the previous keys stay and the failure is thrown. */
  public void refresh() throws IOException {
    String text;
    if ("file".equals(location.getScheme())) {
      text = Files.readString(Path.of(location));
    } else {
      HttpRequest request = HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(10)).GET().build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IOException("JWKS " + location + " answered HTTP " + response.statusCode());
        }
        text = response.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching JWKS", e);
      }
    }
    if (text.length() > MAX_BYTES) {
      throw new IOException("JWKS " + location + " is larger than " + MAX_BYTES + " bytes");
    }
    try {
      JWKSet parsed = JWKSet.parse(text);
      if (parsed.getKeys().isEmpty()) {
        throw new IOException("JWKS " + location + " holds no keys");
      }
      keys = parsed.toPublicJWKSet();
    } catch (ParseException e) {
      throw new IOException("JWKS " + location + " is not a JSON Web Key Set: " + e.getMessage(), e);
    }
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    return selector.select(keys);
  }

  public URI location() {
    return location;
  }
}
