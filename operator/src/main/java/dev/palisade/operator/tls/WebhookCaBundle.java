package dev.palisade.operator.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CA bundle in the {@code caBundle} of every webhook of the operator's
 * MutatingWebhookConfiguration, so the API server trusts the operator's certificate. Checked at every
 * round, because a {@code helm upgrade} (or anyone) may put the chart's empty value back.
 * Needs only {@code get} and {@code patch} on that one object.
 */
public final class WebhookCaBundle implements CaBundleSink {
  private static final Logger log = LoggerFactory.getLogger(WebhookCaBundle.class);
  private final KubernetesClient client;
  private final String configuration;
  private volatile boolean missingReported;

  public WebhookCaBundle(KubernetesClient client, String configuration) {
    this.client = client;
    this.configuration = configuration;
  }

  @Override
  public void publish(CaBundle bundle) {
    Resource<MutatingWebhookConfiguration> resource =
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(configuration);
    MutatingWebhookConfiguration current = resource.get();
    if (current == null) {
      if (!missingReported) {
        log.warn("webhook CA bundle: no MutatingWebhookConfiguration {}; the API server cannot call the webhook",
            configuration);
        missingReported = true;
      }
      return;
    }
    missingReported = false;
    String base64 = bundle.base64();
    if (current.getWebhooks().stream().allMatch(w -> base64.equals(caBundleOf(w)))) {
      return;
    }
    resource.edit(c -> {
      c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(base64));
      return c;
    });
    log.info("webhook CA bundle patched configuration={} webhooks={} cas={}", configuration,
        current.getWebhooks().size(), bundle.certificates().size());
  }

  private static String caBundleOf(MutatingWebhook webhook) {
    return webhook.getClientConfig() == null ? null : webhook.getClientConfig().getCaBundle();
  }
}
