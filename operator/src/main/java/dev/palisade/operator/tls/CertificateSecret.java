package dev.palisade.operator.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's PKI as a {@code kubernetes.io/tls} Secret: {@code tls.crt} and {@code tls.key} (the
 * serving certificate, as every TLS Secret), {@code ca.crt} (the CA bundle, signing CA last) and
 * {@code ca.key} (the signing CA's key, which never leaves the operator's namespace).
 */
public final class CertificateSecret {
  static final String TLS_CERT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "palisade-operator";

  private CertificateSecret() {}

  /** The PKI a Secret holds, or empty when it holds none that can be read. */
  public static Optional<OperatorPki> read(Secret secret) {
    Map<String, String> data = secret.getData();
    if (data == null || !data.keySet().containsAll(List.of(TLS_CERT, TLS_KEY, CA_CERT, CA_KEY))) {
      return Optional.empty();
    }
    try {
      CaBundle trusted = new CaBundle(Pem.readCertificates(decode(data.get(CA_CERT))));
      X509Certificate signing = trusted.certificates().get(trusted.certificates().size() - 1);
      return Optional.of(new OperatorPki(new KeyAndCertificate(Pem.readPrivateKey(decode(data.get(CA_KEY))), signing),
          trusted, new KeyAndCertificate(Pem.readPrivateKey(decode(data.get(TLS_KEY))),
          Pem.readCertificates(decode(data.get(TLS_CERT))).get(0))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code pki} written into {@code existing} (keeping its resourceVersion for optimistic locking), or a new Secret. */
  public static Secret write(OperatorPki pki, String namespace, String name, Secret existing) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CERT, encode(Pem.certificates(List.of(pki.serving().certificate()))));
    data.put(TLS_KEY, encode(Pem.privateKey(pki.serving().key())));
    data.put(CA_CERT, encode(pki.trusted().pem()));
    data.put(CA_KEY, encode(Pem.privateKey(pki.signingCa().key())));
    SecretBuilder secret = existing == null
        ? new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        : new SecretBuilder(existing);
    return secret.editMetadata().addToLabels(MANAGED_BY, OPERATOR).endMetadata()
        .withType("kubernetes.io/tls").withData(data).withStringData(null).build();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
