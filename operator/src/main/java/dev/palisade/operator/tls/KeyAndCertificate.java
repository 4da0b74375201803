package dev.palisade.operator.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** A certificate and the private key it certifies (a CA's, or the operator's serving identity). */
public record KeyAndCertificate(PrivateKey key, X509Certificate certificate) {

  /** Whether the key really belongs to the certificate: a Secret edited by hand may pair them wrongly. */
  public boolean matches() {
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      String algorithm = signatureAlgorithm(key);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(certificate.getNotAfter().toInstant());
  }

  /** Less than a third of the certificate's life left: time to replace it, long before anything fails. */
  public boolean dueForRenewalAt(Instant now) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    return Duration.between(now, notAfter).multipliedBy(3).compareTo(Duration.between(notBefore, notAfter)) < 0;
  }

  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    };
  }
}
