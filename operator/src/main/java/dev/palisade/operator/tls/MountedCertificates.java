package dev.palisade.operator.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Certificates another issuer keeps current in a mounted {@code kubernetes.io/tls} Secret
 * (cert-manager in the chart): {@code tls.crt}, {@code tls.key} and {@code ca.crt}. Read again at every
 * check, so a renewal the kubelet syncs into the volume is served without a restart. Without
 * {@code ca.crt}, the last certificate of {@code tls.crt} is what clients must trust.
 */
public final class MountedCertificates implements TlsSource {
  private final Path directory;

  public MountedCertificates(Path directory) {
    this.directory = directory;
  }

  @Override
  public TlsState current() {
    List<X509Certificate> chain = Pem.readCertificates(read("tls.crt"));
    ServingIdentity serving = new ServingIdentity(Pem.readPrivateKey(read("tls.key")), chain);
    Path ca = directory.resolve("ca.crt");
    CaBundle trusted = Files.isReadable(ca) ? new CaBundle(Pem.readCertificates(read("ca.crt")))
        : new CaBundle(List.of(chain.get(chain.size() - 1)));
    return new TlsState(serving, trusted);
  }

  private String read(String file) {
    try {
      return Files.readString(directory.resolve(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory.resolve(file), e);
    }
  }
}
