package dev.palisade.operator.tls;

import dev.palisade.operator.injection.InjectionConfig;
import dev.palisade.operator.injection.InjectionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the operator gets the certificate of its webhook and control API, from its environment (the
 * chart sets these from {@code webhook.tls.*}).
 *
 * @param mode {@code OPERATOR}: its own CA; {@code MOUNTED}: files another issuer keeps current
 *     (cert-manager); {@code OFF}: no webhook, plain-HTTP control API (out of cluster)
 * @param namespace the operator's namespace, where its Secret and Service are
 * @param serviceName the operator's Service: the serving certificate names {@code <service>.<namespace>.svc[.<domain>]}
 * @param secretName the Secret that holds the operator's CA and serving certificate
 * @param webhookConfiguration the MutatingWebhookConfiguration whose caBundle the operator keeps patched
 * @param caConfigMap the ConfigMap with the CA bundle in every namespace with McpServers, mounted into sidecars
 * @param directory where {@code MOUNTED} reads tls.crt, tls.key and ca.crt
 * @param clusterDomain the cluster's DNS domain
 * @param caValidity lifetime of a CA certificate
 * @param servingValidity lifetime of a serving certificate
 * @param checkInterval time between two rounds (renewal check, caBundle patch, ConfigMaps)
 */
public record TlsSettings(Mode mode, String namespace, String serviceName, String secretName, String webhookConfiguration,
    String caConfigMap, Path directory, String clusterDomain, Duration caValidity, Duration servingValidity,
    Duration checkInterval) {
  public static final String MODE = "PALISADE_TLS_MODE";
  public static final String SECRET = "PALISADE_TLS_SECRET";
  public static final String SERVICE = "PALISADE_SERVICE_NAME";
  public static final String WEBHOOK_CONFIGURATION = "PALISADE_WEBHOOK_CONFIGURATION";
  public static final String DIRECTORY = "PALISADE_TLS_DIR";
  public static final String CLUSTER_DOMAIN = "PALISADE_CLUSTER_DOMAIN";
  public static final String CA_VALIDITY_DAYS = "PALISADE_TLS_CA_VALIDITY_DAYS";
  public static final String SERVING_VALIDITY_DAYS = "PALISADE_TLS_CERT_VALIDITY_DAYS";
  public static final String CHECK_SECONDS = "PALISADE_TLS_CHECK_SECONDS";

  public enum Mode { OPERATOR, MOUNTED, OFF }

  public static TlsSettings fromEnvironment(Map<String, String> env, String defaultNamespace) {
    return new TlsSettings(mode(env.getOrDefault(MODE, "off")),
        env.getOrDefault("POD_NAMESPACE", defaultNamespace), env.getOrDefault(SERVICE, "palisade-operator"),
        env.getOrDefault(SECRET, "palisade-operator-tls"), env.getOrDefault(WEBHOOK_CONFIGURATION, "palisade-operator"),
        env.getOrDefault(InjectionSettings.CA_CONFIGMAP, InjectionConfig.defaults().caConfigMap()),
        Path.of(env.getOrDefault(DIRECTORY, "/var/run/palisade/webhook-tls")), env.getOrDefault(CLUSTER_DOMAIN, "cluster.local"),
        Duration.ofDays(Long.parseLong(env.getOrDefault(CA_VALIDITY_DAYS, "365"))),
        Duration.ofDays(Long.parseLong(env.getOrDefault(SERVING_VALIDITY_DAYS, "90"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault(CHECK_SECONDS, "30"))));
  }

  private static Mode mode(String value) {
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MODE + "=" + value + ": expected operator, mounted or off", e);
    }
  }

  /** The Service's names, short one first. */
  public List<String> dnsNames() {
    return List.of(serviceName + "." + namespace + ".svc", serviceName + "." + namespace + ".svc." + clusterDomain);
  }
}
