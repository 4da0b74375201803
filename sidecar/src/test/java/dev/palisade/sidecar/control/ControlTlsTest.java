package dev.palisade.sidecar.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlTlsTest {
  private static X509Certificate read(String pem) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(pem))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void trustsTheOperatorsCaAndNothingElse(@TempDir Path dir) throws Exception {
    SelfSignedCertificate operator = SelfSignedCertificate.create("palisade.palisade-system.svc");
    SelfSignedCertificate stranger = SelfSignedCertificate.create("palisade.palisade-system.svc");
    var context = ControlTls.trusting(Path.of(operator.certificatePath()));
    assertThat(context.getProtocol()).isEqualTo("TLS");

    X509TrustManager trust = ControlTls.trustManager(Path.of(operator.certificatePath()));
    trust.checkServerTrusted(new X509Certificate[] {read(operator.certificatePath())}, "RSA");
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {read(stranger.certificatePath())}, "RSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void aRotatedBundleIsTrustedWithoutARestartAndABrokenOneKeepsTheLastGood(@TempDir Path dir) throws Exception {
    SelfSignedCertificate old = SelfSignedCertificate.create("palisade.palisade-system.svc");
    SelfSignedCertificate rotated = SelfSignedCertificate.create("palisade.palisade-system.svc");
    Path bundle = dir.resolve("ca.crt");
    Files.copy(Path.of(old.certificatePath()), bundle);
    X509TrustManager trust = ControlTls.trustManager(bundle);
    trust.checkServerTrusted(new X509Certificate[] {read(old.certificatePath())}, "RSA");
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {read(rotated.certificatePath())}, "RSA"))
        .isInstanceOf(CertificateException.class);

    // the operator's overlap: old and new CA in one bundle, as the kubelet writes the updated ConfigMap
    Files.writeString(bundle, Files.readString(Path.of(old.certificatePath())) + Files.readString(Path.of(rotated.certificatePath())));
    trust.checkServerTrusted(new X509Certificate[] {read(rotated.certificatePath())}, "RSA");
    trust.checkServerTrusted(new X509Certificate[] {read(old.certificatePath())}, "RSA");

    Files.writeString(bundle, "half a write\n");
    trust.checkServerTrusted(new X509Certificate[] {read(rotated.certificatePath())}, "RSA");
  }

  @Test
  void aFileWithoutCertificatesIsAClearError(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    assertThatThrownBy(() -> ControlTls.trusting(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ca.pem");
  }
}
