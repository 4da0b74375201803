package dev.palisade.operator.tls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The CA certificates clients must trust to talk to the operator: the API server (the webhook's
 * {@code caBundle}) and the sidecars (the {@code palisade-ca} ConfigMap). Public data. During a CA
 * rotation it holds the old and the new CA, oldest first.
 */
public record CaBundle(List<X509Certificate> certificates) {
  public CaBundle {
    certificates = List.copyOf(certificates);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("a CA bundle needs a certificate");
    }
  }

  public String pem() {
    return Pem.certificates(certificates);
  }

  /** As a webhook's {@code clientConfig.caBundle} wants it: base64 of the PEM text. */
  public String base64() {
    return Base64.getEncoder().encodeToString(pem().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The CAs still valid at {@code now}, with {@code signing} last (the CA that signs now is always
   * trusted); equal to this bundle when nothing changed.
   */
  CaBundle validAt(Instant now, X509Certificate signing) {
    List<X509Certificate> kept = new ArrayList<>();
    for (X509Certificate certificate : certificates) {
      if (now.isBefore(certificate.getNotAfter().toInstant()) && !certificate.equals(signing)) {
        kept.add(certificate);
      }
    }
    kept.add(signing);
    return new CaBundle(kept);
  }

  /** Whether one of these CAs signed {@code certificate}. */
  boolean signed(X509Certificate certificate) {
    for (X509Certificate ca : certificates) {
      if (ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
        try {
          certificate.verify(ca.getPublicKey());
          return true;
        } catch (java.security.GeneralSecurityException e) {
          // another CA of the same name (never made by this operator): try the next one
        }
      }
    }
    return false;
  }
}
