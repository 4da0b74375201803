package dev.palisade.operator.events;

import dev.palisade.crds.mcpserver.McpServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events against McpServers through fabric8, within the {@link EventRateLimiter}'s
 * budget. Events over budget, and events the API server refuses, are counted and otherwise dropped.
 */
public final class KubernetesServerEvents implements ServerEvents {
  /** {@code source.component} and {@code reportingComponent} of every event the operator writes. */
  public static final String COMPONENT = "palisade-operator";
  private static final Logger log = LoggerFactory.getLogger(KubernetesServerEvents.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final EventRateLimiter limiter;
  private final String instance;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /** @param instance this operator replica (the pod name), {@code reportingInstance} of its events */
  public KubernetesServerEvents(KubernetesClient client, EventRateLimiter limiter, String instance, Clock clock) {
    this.client = client;
    this.limiter = limiter;
    this.instance = instance;
    this.clock = clock;
  }

  @Override
  public void emit(ServerEvent event) {
    if (!limiter.tryAcquire(event.namespace(), event.server())) {
      dropped.incrementAndGet();
      log.debug("event rate limited namespace={} server={} reason={}", event.namespace(), event.server(), event.reason());
      return;
    }
    try {
      String uid = event.uid();
      if (uid == null) {
        McpServer server = client.resources(McpServer.class).inNamespace(event.namespace()).withName(event.server()).get();
        uid = server == null ? null : server.getMetadata().getUid();
      }
      String now = clock.instant().toString();
      Event created = new EventBuilder()
          .withNewMetadata()
            .withNamespace(event.namespace())
            .withName(event.server() + "." + Long.toHexString(eventSuffix(clock.instant())))
          .endMetadata()
          .withNewInvolvedObject()
            .withApiVersion(HasMetadata.getApiVersion(McpServer.class)).withKind(McpServer.class.getSimpleName())
            .withNamespace(event.namespace()).withName(event.server()).withUid(uid)
          .endInvolvedObject()
          .withType(event.type().wireName())
          .withReason(event.reason())
          .withMessage(event.message().length() > MAX_MESSAGE ? event.message().substring(0, MAX_MESSAGE) : event.message())
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT).withReportingInstance(instance)
          .build();
      client.v1().events().inNamespace(event.namespace()).resource(created).create();
      written.incrementAndGet();
    } catch (KubernetesClientException e) {
      dropped.incrementAndGet();
      log.warn("event not written namespace={} server={} reason={} status={}", event.namespace(), event.server(),
          event.reason(), e.getCode());
    }
  }

  /** Events written since start. */
  public long written() {
    return written.get();
  }

  /** Events dropped since start: over budget, or refused by the API server. */
  public long dropped() {
    return dropped.get();
  }

  /** Like client-go's {@code <name>.<unix nanos in hex>}; the sequence keeps names unique within a nanosecond. */
  private long eventSuffix(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano() + sequence.getAndIncrement();
  }
}
