package dev.palisade.sidecar.identity;

import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Decides who is calling, strongest evidence first. A bearer token is checked only when JWT
 * verification is configured (otherwise it belongs to the MCP server's own authorization and passes
 * untouched); a token that is present but does not verify is refused, never downgraded to anonymous.
 */
public final class IdentityResolver {
  private final JwtVerifier jwt;
  private final String trustedHeader;

  /**
   * @param jwt bearer token verification, or {@code null}
   * @param trustedHeader header set by a trusted gateway in front, or {@code null}
   */
  public IdentityResolver(JwtVerifier jwt, String trustedHeader) {
    this.jwt = jwt;
    this.trustedHeader = trustedHeader;
  }

  /** The result: a principal, or the reason to refuse the request with 401. */
  public sealed interface Result permits Known, Refused {}

  public record Known(Principal principal) implements Result {}

  public record Refused(String reason) implements Result {}

  public Result resolve(HttpServerRequest request) {
    if (jwt != null) {
      String authorization = request.getHeader("Authorization");
      if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        try {
          return new Known(new Principal(jwt.verify(authorization.substring(7).trim()), Principal.Source.JWT));
        } catch (JwtVerifier.InvalidToken e) {
          return new Refused(e.getMessage());
        }
      }
    }
    String fromCertificate = clientCertificateName(request);
    if (fromCertificate != null) {
      return new Known(new Principal(fromCertificate, Principal.Source.CLIENT_CERTIFICATE));
    }
    if (trustedHeader != null) {
      String value = request.getHeader(trustedHeader);
      if (value != null && !value.isBlank()) {
        return new Known(new Principal(value.trim(), Principal.Source.TRUSTED_HEADER));
      }
    }
    return new Known(Principal.ANONYMOUS);
  }

  /** The SPIFFE-style URI SAN of a verified client certificate, else its subject CN; {@code null} without one. */
  static String clientCertificateName(HttpServerRequest request) {
    if (!request.isSSL()) {
      return null;
    }
    List<Certificate> chain;
    try {
      chain = request.connection().peerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
    if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate certificate)) {
      return null;
    }
    try {
      var alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          if (Integer.valueOf(6).equals(alternative.get(0))) { // uniformResourceIdentifier
            return String.valueOf(alternative.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // fall back to the subject
    }
    String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    for (String part : subject.split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return subject;
  }
}
