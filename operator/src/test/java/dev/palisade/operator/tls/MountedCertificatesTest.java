package dev.palisade.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cert-manager's Secret as the kubelet mounts it: read again at every round, key in cert-manager's default encoding. */
class MountedCertificatesTest {
  private final CertificateIssuer issuer = new CertificateIssuer();

  @Test
  void theMountedFilesAreServedAndTheirCaTrustedAndARenewalIsPickedUp(@TempDir Path dir) throws Exception {
    KeyAndCertificate ca = issuer.certificateAuthority("cert-manager", Instant.now(), Duration.ofDays(90));
    KeyAndCertificate first = issuer.serving(ca, CertificateRenewalTest.NAMES, Instant.now(), Duration.ofDays(90));
    mount(dir, first, ca);
    MountedCertificates mounted = new MountedCertificates(dir);

    TlsState state = mounted.current();
    assertThat(state.serving().chain()).containsExactly(first.certificate());
    assertThat(new KeyAndCertificate(state.serving().key(), first.certificate()).matches()).as("the key of the certificate").isTrue();
    assertThat(state.trusted().certificates()).containsExactly(ca.certificate());

    KeyAndCertificate renewed = issuer.serving(ca, CertificateRenewalTest.NAMES, Instant.now(), Duration.ofDays(90));
    mount(dir, renewed, ca);
    assertThat(mounted.current().serving().leaf()).isEqualTo(renewed.certificate());
  }

  @Test
  void withoutCaCrtTheLastCertificateOfTheChainIsTrusted(@TempDir Path dir) throws Exception {
    KeyAndCertificate ca = issuer.certificateAuthority("cert-manager", Instant.now(), Duration.ofDays(90));
    KeyAndCertificate serving = issuer.serving(ca, CertificateRenewalTest.NAMES, Instant.now(), Duration.ofDays(90));
    mount(dir, serving, ca);
    Files.delete(dir.resolve("ca.crt"));
    Files.writeString(dir.resolve("tls.crt"), Pem.certificates(List.of(serving.certificate(), ca.certificate())));

    assertThat(new MountedCertificates(dir).current().trusted().certificates()).containsExactly(ca.certificate());
  }

  @Test
  void aMissingFileIsAnErrorThatNamesIt(@TempDir Path dir) {
    assertThatThrownBy(() -> new MountedCertificates(dir).current()).hasMessageContaining("tls.crt");
  }

  private static void mount(Path dir, KeyAndCertificate serving, KeyAndCertificate ca) throws Exception {
    Files.writeString(dir.resolve("tls.crt"), Pem.certificates(List.of(serving.certificate())));
    String key = traditional(serving.key());
    assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----"); // SEC1, as cert-manager writes it by default
    Files.writeString(dir.resolve("tls.key"), key);
    Files.writeString(dir.resolve("ca.crt"), Pem.certificates(List.of(ca.certificate())));
  }

  /** SEC1 with the named curve inside, as Go's x509.MarshalECPrivateKey (cert-manager) writes it. */
  private static String traditional(PrivateKey key) throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
    ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    return out.toString();
  }
}
