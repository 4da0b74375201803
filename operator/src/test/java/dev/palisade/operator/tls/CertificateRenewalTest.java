package dev.palisade.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The renewal rules, as a pure function of the stored PKI and the time: no cluster, no waiting. */
class CertificateRenewalTest {
  static final List<String> NAMES = List.of("palisade-operator.palisade-system.svc",
      "palisade-operator.palisade-system.svc.cluster.local");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final CertificateRenewal renewal = renewal(NAMES);

  static CertificateRenewal renewal(List<String> names) {
    return new CertificateRenewal(new CertificateIssuer(), "palisade-operator", names, Duration.ofDays(365),
        Duration.ofDays(90));
  }

  @Test
  void nothingStoredGetsACaAndAServingCertificateForTheServiceNames() throws Exception {
    OperatorPki pki = renewal.next(Optional.empty(), START);

    X509Certificate ca = pki.signingCa().certificate();
    X509Certificate serving = pki.serving().certificate();
    assertThat(pki.trusted().certificates()).containsExactly(ca);
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofDays(365)));
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(serving.getBasicConstraints()).isEqualTo(-1);
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(CertificateRenewal.dnsNamesOf(serving)).containsExactlyElementsOf(NAMES);
    assertThat(serving.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofDays(90)));
    assertThat(serving.getNotBefore().toInstant()).isBefore(START);
    serving.verify(ca.getPublicKey());
    assertThat(pki.serving().matches()).isTrue();
    assertThat(pki.signingCa().matches()).isTrue();
  }

  @Test
  void aValidPkiIsKeptAsItIs() {
    OperatorPki pki = renewal.next(Optional.empty(), START);

    assertThat(renewal.next(Optional.of(pki), START.plus(Duration.ofDays(59)))).isSameAs(pki);
  }

  @Test
  void theServingCertificateIsRenewedWithLessThanAThirdOfItsLifeLeftByTheSameCa() throws Exception {
    OperatorPki pki = renewal.next(Optional.empty(), START);

    OperatorPki renewed = renewal.next(Optional.of(pki), START.plus(Duration.ofDays(61)));

    assertThat(renewed.serving().certificate()).isNotEqualTo(pki.serving().certificate());
    assertThat(renewed.signingCa()).isEqualTo(pki.signingCa());
    assertThat(renewed.trusted()).isEqualTo(pki.trusted());
    renewed.serving().certificate().verify(pki.signingCa().certificate().getPublicKey());
  }

  @Test
  void aCaRotationOverlapsSoClientsTrustTheNewCaBeforeTheyMeetItsCertificates() throws Exception {
    OperatorPki first = renewal.next(Optional.empty(), START);
    X509Certificate oldCa = first.signingCa().certificate();

    Instant rotation = START.plus(Duration.ofDays(250)); // less than a third of the CA's year left
    OperatorPki rotated = renewal.next(Optional.of(first), rotation);
    X509Certificate newCa = rotated.signingCa().certificate();
    assertThat(newCa).isNotEqualTo(oldCa);
    assertThat(rotated.trusted().certificates()).containsExactly(oldCa, newCa);
    // the old CA signs one last certificate, so nothing served changes issuer while clients learn the new CA
    rotated.serving().certificate().verify(oldCa.getPublicKey());
    assertThat(rotated.serving().certificate().getNotAfter()).isBeforeOrEqualTo(oldCa.getNotAfter());
    assertThat(renewal.next(Optional.of(rotated), rotation.plus(Duration.ofDays(30)))).isSameAs(rotated);

    OperatorPki switched = renewal.next(Optional.of(rotated), rotation.plus(Duration.ofDays(61)));
    switched.serving().certificate().verify(newCa.getPublicKey());
    assertThatThrownBy(() -> switched.serving().certificate().verify(oldCa.getPublicKey()))
        .isInstanceOf(SignatureException.class);
    assertThat(switched.trusted().certificates()).as("old CA still valid: still trusted").containsExactly(oldCa, newCa);

    OperatorPki afterOldExpiry = renewal.next(Optional.of(switched), START.plus(Duration.ofDays(366)));
    assertThat(afterOldExpiry.trusted().certificates()).containsExactly(newCa);
    assertThat(afterOldExpiry.serving()).isEqualTo(switched.serving());
  }

  @Test
  void otherServiceNamesGetANewServingCertificate() {
    OperatorPki pki = renewal.next(Optional.empty(), START);

    OperatorPki renamed = renewal(List.of("palisade.mcp.svc")).next(Optional.of(pki), START.plus(Duration.ofDays(1)));

    assertThat(CertificateRenewal.dnsNamesOf(renamed.serving().certificate())).containsExactly("palisade.mcp.svc");
    assertThat(renamed.signingCa()).isEqualTo(pki.signingCa());
  }

  @Test
  void anExpiredCaOrACaKeyThatIsNotItsOwnStartsOver() {
    OperatorPki pki = renewal.next(Optional.empty(), START);
    OperatorPki other = renewal.next(Optional.empty(), START);

    OperatorPki mismatched = new OperatorPki(new KeyAndCertificate(other.signingCa().key(), pki.signingCa().certificate()),
        pki.trusted(), pki.serving());
    assertThat(renewal.next(Optional.of(mismatched), START).signingCa().certificate())
        .isNotEqualTo(pki.signingCa().certificate());

    OperatorPki afterExpiry = renewal.next(Optional.of(pki), START.plus(Duration.ofDays(400)));
    assertThat(afterExpiry.trusted().certificates()).containsExactly(afterExpiry.signingCa().certificate())
        .doesNotContain(pki.signingCa().certificate());
  }

  @Test
  void aServingCertificateFromAStrangerIsReplaced() throws Exception {
    OperatorPki pki = renewal.next(Optional.empty(), START);
    OperatorPki stranger = renewal.next(Optional.empty(), START);

    OperatorPki mixed = renewal.next(Optional.of(new OperatorPki(pki.signingCa(), pki.trusted(), stranger.serving())), START);

    mixed.serving().certificate().verify(pki.signingCa().certificate().getPublicKey());
  }

  @Test
  void theSecretHoldsWhatWasWritten() {
    OperatorPki pki = renewal.next(Optional.empty(), START);
    OperatorPki rotated = renewal.next(Optional.of(pki), START.plus(Duration.ofDays(250)));

    var secret = CertificateSecret.write(rotated, "palisade-system", "palisade-operator-tls", null);

    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    assertThat(CertificateSecret.read(secret)).contains(rotated);
    secret.getData().put("ca.key", secret.getData().get("tls.key"));
    assertThat(CertificateSecret.read(secret).map(p -> p.signingCa().matches())).contains(false);
    secret.getData().put("tls.crt", "bm90IFBFTQ==");
    assertThat(CertificateSecret.read(secret)).isEmpty();
  }
}
