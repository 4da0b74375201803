package dev.palisade.operator.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the operator's certificates with BouncyCastle's builders over the JDK's own crypto providers:
 * a self-signed CA and serving certificates it signs, ECDSA P-256 throughout. Certificates start a
 * few minutes in the past so that a node whose clock runs slightly behind still accepts them.
 */
public final class CertificateIssuer {
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private final SecureRandom random;

  public CertificateIssuer() {
    this(new SecureRandom());
  }

  CertificateIssuer(SecureRandom random) {
    this.random = random;
  }

  /** A self-signed CA; the time in its name tells a rotated CA from its predecessor. */
  public KeyAndCertificate certificateAuthority(String name, Instant now, Duration validity) {
    KeyPair keys = keyPair();
    X500Name subject = name("%s-ca@%d".formatted(name, now.getEpochSecond()));
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new KeyAndCertificate(keys.getPrivate(), sign(builder, keys));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make a CA certificate", e);
    }
  }

  /**
   * A serving certificate for {@code dnsNames}, signed by {@code ca}; it never outlives the CA, since
   * a chain is only as valid as its shortest-lived link.
   */
  public KeyAndCertificate serving(KeyAndCertificate ca, List<String> dnsNames, Instant now, Duration validity) {
    KeyPair keys = keyPair();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
          Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter), name(dnsNames.get(0)), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(ca.certificate()));
      return new KeyAndCertificate(keys.getPrivate(), sign(builder, new KeyPair(ca.certificate().getPublicKey(), ca.key())));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make a serving certificate", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
    try {
      var contentSigner = new JcaContentSignerBuilder(KeyAndCertificate.signatureAlgorithm(signer.getPrivate()))
          .build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no ECDSA P-256 in this JDK", e);
    }
  }

  /** Positive, at most 20 octets, unpredictable (RFC 5280 4.1.2.2). */
  private BigInteger serial() {
    return new BigInteger(159, random);
  }

  /** RFC 5280 bounds a common name to 64 characters; the SANs carry the full DNS names anyway. */
  private static X500Name name(String commonName) {
    String bounded = commonName.length() > 64 ? commonName.substring(0, 64) : commonName;
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, bounded).build();
  }
}
