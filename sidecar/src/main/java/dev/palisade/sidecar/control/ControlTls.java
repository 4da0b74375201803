package dev.palisade.sidecar.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS towards the operator: trust exactly the CA certificates of a PEM file (the operator's CA). The
 * file is read again when a handshake finds it changed: the operator rotates its CA with an overlap
 * (old and new CA in the bundle) and the kubelet swaps the mounted ConfigMap in place, so a sidecar
 * that runs for months follows the rotation without a restart.
 */
final class ControlTls {
  private static final Logger log = LoggerFactory.getLogger(ControlTls.class);

  private ControlTls() {}

  static SSLContext trusting(Path caFile) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager(caFile)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS for the control plane: " + e.getMessage(), e);
    }
  }

  /** The trust decisions of {@link #trusting}: certificates chaining to the file's CAs, nothing else. */
  static X509ExtendedTrustManager trustManager(Path caFile) {
    return new Reloading(caFile);
  }

  private static X509ExtendedTrustManager load(Path caFile, byte[] pem) {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + caFile);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      for (TrustManager manager : trust.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalArgumentException("no X.509 trust manager available");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read control plane CA " + caFile + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path caFile) {
    try {
      return Files.readAllBytes(caFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read control plane CA " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** Delegates to the trust of the file's current content; a broken new content keeps the last good one. */
  private static final class Reloading extends X509ExtendedTrustManager {
    private final Path caFile;
    private volatile byte[] content;
    private volatile X509ExtendedTrustManager delegate;

    Reloading(Path caFile) {
      this.caFile = caFile;
      this.content = read(caFile);
      this.delegate = load(caFile, content);
    }

    private X509ExtendedTrustManager current() {
      try {
        byte[] now = read(caFile);
        if (!Arrays.equals(now, content)) {
          X509ExtendedTrustManager reloaded = load(caFile, now);
          synchronized (this) {
            delegate = reloaded;
            content = now;
          }
          log.info("control plane CA reloaded from {}", caFile);
        }
      } catch (IllegalArgumentException e) {
        log.warn("control plane CA unchanged, new content not usable: {}", e.getMessage());
      }
      return delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      current().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      current().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      current().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      current().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      current().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      current().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return current().getAcceptedIssuers();
    }
  }
}
