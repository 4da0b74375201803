package dev.palisade.operator.tls;

import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's certificates when it is its own CA: reads its Secret, renews what
 * {@link CertificateRenewal} says is due, and answers with what the Secret now holds. Every replica
 * runs this; writes are optimistic (resourceVersion), so when two replicas renew at once one write
 * wins and the other replica re-reads and serves the winner's certificates: they never disagree for
 * longer than one check.
 */
public final class OperatorCertificates implements TlsSource {
  private static final Logger log = LoggerFactory.getLogger(OperatorCertificates.class);
  private static final int ATTEMPTS = 3;

  private final SecretStore store;
  private final CertificateRenewal renewal;
  private final Clock clock;
  private final String namespace;
  private final String name;

  public OperatorCertificates(SecretStore store, CertificateRenewal renewal, Clock clock, String namespace, String name) {
    this.store = store;
    this.renewal = renewal;
    this.clock = clock;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public TlsState current() {
    return reconcile().state();
  }

  /** The PKI in the Secret after renewing anything due. */
  public OperatorPki reconcile() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<Secret> secret = store.read();
      Optional<OperatorPki> stored = secret.flatMap(CertificateSecret::read);
      OperatorPki next = renewal.next(stored, clock.instant());
      if (stored.isPresent() && next == stored.get()) {
        return next;
      }
      try {
        Secret written = CertificateSecret.write(next, namespace, name, secret.orElse(null));
        if (secret.isPresent()) {
          store.update(written);
        } else {
          store.create(written);
        }
        log(stored, next);
        return next;
      } catch (SecretStore.Conflict e) {
        log.info("certificates: {}; reading the other replica's", e.getMessage());
      }
    }
    throw new IllegalStateException("Secret " + namespace + "/" + name + " kept changing during " + ATTEMPTS + " attempts");
  }

  private void log(Optional<OperatorPki> before, OperatorPki after) {
    String what = before.isEmpty() ? "created"
        : !before.get().signingCa().certificate().equals(after.signingCa().certificate()) ? "CA rotated"
        : !before.get().serving().certificate().equals(after.serving().certificate()) ? "serving certificate renewed"
        : "expired CA removed";
    log.info("certificates {} secret={}/{} ca={} caNotAfter={} servingSerial={} servingNotAfter={} trustedCas={}", what,
        namespace, name, after.signingCa().certificate().getSubjectX500Principal().getName(),
        after.signingCa().certificate().getNotAfter().toInstant(), serial(after.serving().certificate().getSerialNumber()),
        after.serving().certificate().getNotAfter().toInstant(), after.trusted().certificates().size());
  }

  private static String serial(BigInteger serial) {
    return serial.toString(16);
  }
}
