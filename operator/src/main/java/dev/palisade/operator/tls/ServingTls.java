package dev.palisade.operator.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One {@link SSLContext} for the operator's HTTPS listeners (the webhook and the control API, both
 * the JDK's {@code HttpsServer}) whose certificate can change while they run: every new handshake
 * uses the identity last given to {@link #serve}. This is what Vert.x's {@code updateSSLOptions} does,
 * for the JDK server. Each identity gets its own alias, so a handshake that chose an alias just
 * before a change still gets the key and chain that belong together.
 */
public final class ServingTls {
  private final AtomicReference<Aliased> current = new AtomicReference<>();
  private final AtomicReference<Aliased> previous = new AtomicReference<>();
  private final AtomicLong generation = new AtomicLong();
  private final SSLContext context;

  private record Aliased(String alias, ServingIdentity identity) {}

  public ServingTls() {
    try {
      context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new SwappableKeyManager()}, null, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JDK", e);
    }
  }

  public SSLContext context() {
    return context;
  }

  /** From the next handshake on, present {@code identity}; returns whether it differs from the one served so far. */
  public boolean serve(ServingIdentity identity) {
    Aliased before = current.get();
    if (before != null && before.identity().equals(identity)) {
      return false;
    }
    previous.set(before);
    current.set(new Aliased("serving-" + generation.incrementAndGet(), identity));
    return true;
  }

  private ServingIdentity byAlias(String alias) {
    for (Aliased aliased : new Aliased[] {current.get(), previous.get()}) {
      if (aliased != null && aliased.alias().equals(alias)) {
        return aliased.identity();
      }
    }
    return null;
  }

  private String aliasFor(String keyType) {
    Aliased aliased = current.get();
    return aliased != null && aliased.identity().key().getAlgorithm().equalsIgnoreCase(keyType) ? aliased.alias() : null;
  }

  private final class SwappableKeyManager extends X509ExtendedKeyManager {
    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      String alias = aliasFor(keyType);
      return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      ServingIdentity identity = byAlias(alias);
      return identity == null ? null : identity.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      ServingIdentity identity = byAlias(alias);
      return identity == null ? null : identity.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null; // a server identity only
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return null;
    }
  }
}
