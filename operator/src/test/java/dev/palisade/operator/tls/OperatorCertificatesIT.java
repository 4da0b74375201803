package dev.palisade.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator as its own CA against fabric8's mock API server in CRUD mode: the Secret, the
 * webhook's caBundle and the palisade-ca ConfigMaps, across renewals, a CA rotation and two replicas.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorCertificatesIT {
  static final String NAMESPACE = "palisade-system";
  static final String SECRET = "palisade-operator-tls";
  static final String WEBHOOK = "palisade-operator";
  KubernetesClient client;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void webhookConfigurationAsTheChartInstallsIt() {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(WEBHOOK).endMetadata()
        .addNewWebhook().withName("inject.palisade.dev").withAdmissionReviewVersions("v1").withSideEffects("None")
        .withNewClientConfig().withNewService().withName("palisade-operator").withNamespace(NAMESPACE)
        .withPath("/mutate-pods").endService().endClientConfig().endWebhook().build()).create();
  }

  @Test
  void anAbsentSecretIsCreatedAndItsCaPublishedToTheWebhookAndTheSidecarNamespaces() throws Exception {
    TlsState state = maintenance(store()).round();

    Secret secret = secret();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "palisade-operator");
    OperatorPki pki = CertificateSecret.read(secret).orElseThrow();
    assertThat(state).isEqualTo(pki.state());
    state.serving().leaf().verify(pki.signingCa().certificate().getPublicKey());
    assertThat(webhookCaBundle()).containsExactly(pki.signingCa().certificate());
    for (String namespace : List.of("team-a", "team-b")) {
      assertThat(configMap(namespace).getData()).containsEntry("ca.crt", pki.trusted().pem());
      assertThat(configMap(namespace).getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "palisade-operator");
    }
  }

  @Test
  void aValidSecretIsReusedAsItIs() {
    TlsState first = maintenance(store()).round();
    String version = secret().getMetadata().getResourceVersion();

    clock.advance(Duration.ofDays(30));
    TlsState restarted = maintenance(store()).round();

    assertThat(restarted).isEqualTo(first);
    assertThat(secret().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void aServingCertificateNearExpiryIsRenewedByTheSameCa() throws Exception {
    TlsMaintenance maintenance = maintenance(store());
    TlsState first = maintenance.round();

    clock.advance(Duration.ofDays(61));
    TlsState renewed = maintenance.round();

    assertThat(renewed.serving().leaf()).isNotEqualTo(first.serving().leaf());
    assertThat(renewed.trusted()).isEqualTo(first.trusted());
    renewed.serving().leaf().verify(first.trusted().certificates().get(0).getPublicKey());
    assertThat(CertificateSecret.read(secret()).orElseThrow().state()).isEqualTo(renewed);
  }

  @Test
  void aCaRotationKeepsTheOldAndTheNewCaInTheCaBundleUntilTheOldOneExpires() {
    TlsMaintenance maintenance = maintenance(store());
    X509Certificate oldCa = maintenance.round().trusted().certificates().get(0);

    clock.advance(Duration.ofDays(250));
    TlsState rotated = maintenance.round();
    X509Certificate newCa = rotated.trusted().certificates().get(1);
    assertThat(webhookCaBundle()).containsExactly(oldCa, newCa);
    assertThat(configMap("team-a").getData().get("ca.crt")).isEqualTo(new CaBundle(List.of(oldCa, newCa)).pem());

    clock.advance(Duration.ofDays(61));
    TlsState switched = maintenance.round();
    assertThat(new CaBundle(List.of(newCa)).signed(switched.serving().leaf())).isTrue();
    assertThat(webhookCaBundle()).containsExactly(oldCa, newCa);

    clock.advance(Duration.ofDays(60)); // day 371: the old CA has expired
    maintenance.round();
    assertThat(webhookCaBundle()).containsExactly(newCa);
    assertThat(configMap("team-b").getData().get("ca.crt")).isEqualTo(new CaBundle(List.of(newCa)).pem());
  }

  @Test
  void aReplicaThatLosesTheRaceToCreateTheSecretServesTheWinnersCertificate() throws Exception {
    List<OperatorPki> replicas = twoReplicasReconcilingAtOnce();

    assertThat(CertificateSecret.read(secret())).contains(replicas.get(0));
    assertThat(replicas.get(1)).as("one write won, the other replica took it over").isEqualTo(replicas.get(0));
  }

  @Test
  void twoReplicasRenewingAtOnceEndWithTheSameCertificateNeverOverwritingEachOther() throws Exception {
    OperatorPki created = certificates(store()).reconcile();
    clock.advance(Duration.ofDays(61));

    List<OperatorPki> replicas = twoReplicasReconcilingAtOnce();

    OperatorPki renewed = replicas.get(0);
    assertThat(replicas.get(1)).isEqualTo(renewed);
    assertThat(renewed.serving()).isNotEqualTo(created.serving());
    assertThat(CertificateSecret.read(secret())).contains(renewed);
  }

  @Test
  void aClearedCaBundleOrAnEditedConfigMapIsPutBackAtTheNextRound() {
    TlsMaintenance maintenance = maintenance(store());
    TlsState state = maintenance.round();

    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(WEBHOOK).edit(c -> {
      c.getWebhooks().get(0).getClientConfig().setCaBundle(null); // what a helm upgrade of the chart does
      return c;
    });
    client.configMaps().inNamespace("team-a").withName("palisade-ca").edit(c -> {
      c.getData().put("ca.crt", "tampered");
      return c;
    });
    assertThat(webhookCaBundle()).isEmpty();

    maintenance.round();

    assertThat(webhookCaBundle()).containsExactlyElementsOf(state.trusted().certificates());
    assertThat(configMap("team-a").getData()).containsEntry("ca.crt", state.trusted().pem());
  }

  @Test
  void aNamespaceWithANewMcpServerGetsTheBundleWithoutWaitingForTheNextRound() {
    List<String> namespaces = new java.util.concurrent.CopyOnWriteArrayList<>(List.of("team-a"));
    CaConfigMaps configMaps = new CaConfigMaps(client, "palisade-ca", () -> namespaces);
    configMaps.publishTo("team-c");
    assertThat(client.configMaps().inNamespace("team-c").withName("palisade-ca").get()).as("nothing known yet").isNull();

    TlsState state = new TlsMaintenance(certificates(store()), new ServingTls(), List.of(configMaps)).round();
    configMaps.publishTo("team-c");

    assertThat(configMap("team-c").getData()).containsEntry("ca.crt", state.trusted().pem());
  }

  private SecretStore store() {
    return SecretStore.of(client, NAMESPACE, SECRET);
  }

  private OperatorCertificates certificates(SecretStore store) {
    return new OperatorCertificates(store, CertificateRenewalTest.renewal(CertificateRenewalTest.NAMES), clock, NAMESPACE,
        SECRET);
  }

  private TlsMaintenance maintenance(SecretStore store) {
    return new TlsMaintenance(certificates(store), new ServingTls(), List.of(new WebhookCaBundle(client, WEBHOOK),
        new CaConfigMaps(client, "palisade-ca", () -> List.of("team-a", "team-b"))));
  }

  /** Two replicas whose first reads happen together, so both decide on the same stored state. */
  private List<OperatorPki> twoReplicasReconcilingAtOnce() throws Exception {
    CyclicBarrier bothRead = new CyclicBarrier(2);
    OperatorCertificates one = certificates(readingTogether(store(), bothRead));
    OperatorCertificates two = certificates(readingTogether(store(), bothRead));
    CompletableFuture<OperatorPki> first = CompletableFuture.supplyAsync(one::reconcile);
    CompletableFuture<OperatorPki> second = CompletableFuture.supplyAsync(two::reconcile);
    return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
  }

  /** Each replica's first read waits for the other's: both see no Secret and both try to create one. */
  private static SecretStore readingTogether(SecretStore real, CyclicBarrier barrier) {
    AtomicBoolean first = new AtomicBoolean(true);
    return new SecretStore() {
      @Override
      public Optional<Secret> read() {
        Optional<Secret> secret = real.read();
        if (first.getAndSet(false)) {
          try {
            barrier.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AssertionError("the other replica never read", e);
          }
        }
        return secret;
      }

      @Override
      public Secret create(Secret secret) throws Conflict {
        return real.create(secret);
      }

      @Override
      public Secret update(Secret secret) throws Conflict {
        return real.update(secret);
      }
    };
  }

  private Secret secret() {
    return client.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
  }

  private ConfigMap configMap(String namespace) {
    return client.configMaps().inNamespace(namespace).withName("palisade-ca").get();
  }

  private List<X509Certificate> webhookCaBundle() {
    MutatingWebhookConfiguration configuration =
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(WEBHOOK).get();
    String base64 = configuration.getWebhooks().get(0).getClientConfig().getCaBundle();
    return base64 == null ? List.of()
        : Pem.readCertificates(new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII));
  }
}
