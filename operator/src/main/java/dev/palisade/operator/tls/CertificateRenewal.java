package dev.palisade.operator.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what the operator's PKI should be at a given instant: a pure function of the stored PKI
 * and the time (key generation aside), so every rule is tested without a cluster or a wait.
 *
 * <ul>
 *   <li>Nothing stored, unreadable, or a signing CA that expired or does not match its key: a new CA
 *       and a serving certificate.</li>
 *   <li>The signing CA has less than a third of its life left: a new CA joins the bundle and signs
 *       from now on, and the old CA signs one last, full-length serving certificate. Clients learn
 *       the new CA long before they meet a certificate it signed: that happens at the next
 *       renewal of the serving certificate, two thirds of its life later.</li>
 *   <li>The serving certificate has less than a third of its life left, names other hosts, or was
 *       not signed by a trusted CA: a new one from the signing CA.</li>
 *   <li>Expired CAs leave the bundle.</li>
 * </ul>
 *
 * @param name prefix of the CA's common name (the operator's Service name)
 * @param dnsNames the serving certificate's subject alternative names, first one also its common name
 */
public record CertificateRenewal(CertificateIssuer issuer, String name, List<String> dnsNames, Duration caValidity,
    Duration servingValidity) {
  public CertificateRenewal {
    dnsNames = List.copyOf(dnsNames);
    if (dnsNames.isEmpty()) {
      throw new IllegalArgumentException("the serving certificate needs a DNS name");
    }
  }

  /** The PKI to store: {@code current} itself when nothing is due, else its successor. */
  public OperatorPki next(Optional<OperatorPki> current, Instant now) {
    if (current.isEmpty() || current.get().signingCa().expiredAt(now) || !current.get().signingCa().matches()) {
      KeyAndCertificate ca = issuer.certificateAuthority(name, now, caValidity);
      return new OperatorPki(ca, new CaBundle(List.of(ca.certificate())), serving(ca, now));
    }
    OperatorPki pki = current.get();
    KeyAndCertificate signing = pki.signingCa();
    CaBundle trusted = pki.trusted().validAt(now, signing.certificate());
    if (signing.dueForRenewalAt(now)) {
      KeyAndCertificate successor = issuer.certificateAuthority(name, now, caValidity);
      List<X509Certificate> both = new ArrayList<>(trusted.certificates());
      both.add(successor.certificate());
      return new OperatorPki(successor, new CaBundle(both), serving(signing, now));
    }
    KeyAndCertificate serving = servingValid(pki.serving(), trusted, now) ? pki.serving() : serving(signing, now);
    if (serving == pki.serving() && trusted.equals(pki.trusted())) {
      return pki;
    }
    return new OperatorPki(signing, trusted, serving);
  }

  private KeyAndCertificate serving(KeyAndCertificate ca, Instant now) {
    return issuer.serving(ca, dnsNames, now, servingValidity);
  }

  private boolean servingValid(KeyAndCertificate serving, CaBundle trusted, Instant now) {
    return !serving.dueForRenewalAt(now) && trusted.signed(serving.certificate())
        && Set.copyOf(dnsNames).equals(Set.copyOf(dnsNamesOf(serving.certificate()))) && serving.matches();
  }

  static List<String> dnsNamesOf(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return List.of();
      }
      return names.stream().filter(n -> Integer.valueOf(2).equals(n.get(0))).map(n -> (String) n.get(1)).toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }
}
