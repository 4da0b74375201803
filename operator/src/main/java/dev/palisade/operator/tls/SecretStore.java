package dev.palisade.operator.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * The one Secret that holds the operator's PKI. Writes are optimistic: a create that finds the
 * Secret, or an update of a version someone changed since, is a {@link Conflict}, never an overwrite.
 */
public interface SecretStore {
  Optional<Secret> read();

  Secret create(Secret secret) throws Conflict;

  /** Replaces the version {@code secret}'s resourceVersion names, and no other. */
  Secret update(Secret secret) throws Conflict;

  /** Another replica wrote first: read again and use what it wrote. */
  final class Conflict extends Exception {
    public Conflict(String message) {
      super(message, null, false, false);
    }
  }

  static SecretStore of(KubernetesClient client, String namespace, String name) {
    return new SecretStore() {
      @Override
      public Optional<Secret> read() {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
      }

      @Override
      public Secret create(Secret secret) throws Conflict {
        try {
          return client.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
          throw conflictOr(e);
        }
      }

      @Override
      public Secret update(Secret secret) throws Conflict {
        try {
          return client.secrets().inNamespace(namespace).resource(secret).update();
        } catch (KubernetesClientException e) {
          throw conflictOr(e);
        }
      }

      private Conflict conflictOr(KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          return new Conflict("Secret " + namespace + "/" + name + " changed concurrently");
        }
        throw e;
      }
    };
  }
}
