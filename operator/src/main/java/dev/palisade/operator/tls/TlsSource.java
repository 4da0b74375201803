package dev.palisade.operator.tls;

/**
 * Where the operator's certificates come from: its own CA ({@link OperatorCertificates}) or files
 * another issuer keeps up to date ({@link MountedCertificates}, e.g. cert-manager's Secret).
 */
public interface TlsSource {
  /** The certificates to use now; called at start and then periodically. */
  TlsState current();
}
