package dev.palisade.operator.violation;

import dev.palisade.crds.mcpviolation.McpViolation;
import dev.palisade.crds.mcpviolation.McpViolationSpec;
import dev.palisade.operator.events.ServerEvents;
import dev.palisade.operator.events.ViolationEvents;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of McpViolation objects. A report becomes a new object or, when the same violation
 * already exists (same deterministic name), a higher count and a later lastSeen; concurrent writers
 * are resolved by optimistic locking on resourceVersion. Retention is enforced per namespace.
 */
public final class ViolationWriter {
  public static final String SERVER_LABEL = "palisade.dev/server";
  public static final String CATEGORY_LABEL = "palisade.dev/category";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "palisade-operator";
  private static final Logger log = LoggerFactory.getLogger(ViolationWriter.class);
  private static final int CONFLICT_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final RetentionLimits retention;
  private final Clock clock;
  private final ServerEvents events;

  public ViolationWriter(KubernetesClient client, RetentionLimits retention, Clock clock) {
    this(client, retention, clock, ServerEvents.none());
  }

  /** @param events told of first occurrences and of counts crossing 10, 100 and 1000 */
  public ViolationWriter(KubernetesClient client, RetentionLimits retention, Clock clock, ServerEvents events) {
    this.client = client;
    this.retention = retention;
    this.clock = clock;
    this.events = events;
  }

  /** Records one report and returns the violation as stored. */
  public McpViolation record(ViolationReport report) {
    return record(report, null);
  }

  /**
   * Records one report that arrived in the sidecar report {@code origin}; recording the same origin
   * again (a retry after a lost acknowledgement, or after an operator restart) changes nothing,
   * because the mark is written in the same optimistic-locked update as the count.
   *
   * @param origin the sidecar report it came in, or {@code null} when it is not retried
   */
  public McpViolation record(ViolationReport report, ReportMarks.Origin origin) {
    String name = ViolationNames.of(report);
    for (int attempt = 1; ; attempt++) {
      McpViolation existing = client.resources(McpViolation.class).inNamespace(report.namespace()).withName(name).get();
      if (existing != null && origin != null && ReportMarks.of(existing).applied(origin)) {
        return existing;
      }
      try {
        long before = existing == null || existing.getSpec().count() == null ? 0 : existing.getSpec().count();
        McpViolation stored = existing == null ? create(name, report, origin) : increment(existing, report, origin);
        ViolationEvents.of(report.namespace(), name, before, stored.getSpec()).ifPresent(events::emit);
        return stored;
      } catch (KubernetesClientException e) {
        // 409: someone created or updated it between our read and our write; read again
        if (e.getCode() != 409 || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private McpViolation create(String name, ViolationReport report, ReportMarks.Origin origin) {
    String seen = report.seenAt().toString();
    McpViolation violation = new McpViolation();
    violation.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(report.namespace())
        .withLabels(Map.of(SERVER_LABEL, labelValue(report.server()), CATEGORY_LABEL, report.category().wireName(),
            MANAGED_BY_LABEL, MANAGED_BY))
        .build());
    if (origin != null) {
      ReportMarks.empty().with(origin).writeTo(violation);
    }
    violation.setSpec(new McpViolationSpec(report.server(), report.policy(), report.rule(), report.category(),
        report.type(), report.severity(), report.action(), report.direction(), report.method(), report.tool(),
        report.principal(), report.sessionKey(),
        new McpViolationSpec.Evidence(report.excerpt(), report.evidenceHash()), report.occurrences(), seen, seen));
    McpViolation created = client.resources(McpViolation.class).inNamespace(report.namespace()).resource(violation).create();
    log.info("violation created namespace={} name={} server={} rule={}", report.namespace(), name, report.server(),
        report.rule());
    enforceRetention(report.namespace());
    return created;
  }

  private McpViolation increment(McpViolation existing, ViolationReport report, ReportMarks.Origin origin) {
    if (origin != null) {
      ReportMarks.of(existing).with(origin).writeTo(existing);
    }
    existing.setSpec(existing.getSpec().repeated(report.occurrences(), report.seenAt().toString()));
    // update() sends the resourceVersion we read: a concurrent change is a 409, not a lost count
    return client.resources(McpViolation.class).inNamespace(report.namespace()).resource(existing).update();
  }

  /** Deletes what is older than the age limit, then the least recently seen beyond the count limit. */
  public int enforceRetention(String namespace) {
    List<McpViolation> all = client.resources(McpViolation.class).inNamespace(namespace)
        .withLabel(MANAGED_BY_LABEL, MANAGED_BY).list().getItems();
    Instant oldest = clock.instant().minus(retention.maxAge());
    List<McpViolation> byRecency = all.stream()
        .sorted(Comparator.comparing((McpViolation v) -> lastSeen(v)).reversed()
            .thenComparing(v -> v.getMetadata().getName()))
        .toList();
    int deleted = 0;
    for (int i = 0; i < byRecency.size(); i++) {
      McpViolation violation = byRecency.get(i);
      if (i >= retention.maxPerNamespace() || lastSeen(violation).isBefore(oldest)) {
        client.resources(McpViolation.class).inNamespace(namespace).withName(violation.getMetadata().getName()).delete();
        deleted++;
      }
    }
    if (deleted > 0) {
      log.info("violation retention namespace={} deleted={} kept={}", namespace, deleted, all.size() - deleted);
    }
    return deleted;
  }

  private static Instant lastSeen(McpViolation violation) {
    return violation.getSpec() == null || violation.getSpec().lastSeen() == null
        ? Instant.EPOCH
        : Instant.parse(violation.getSpec().lastSeen());
  }

  /** Label values are at most 63 characters of [A-Za-z0-9-_.]. */
  static String labelValue(String text) {
    String value = text.replaceAll("[^A-Za-z0-9._-]", "-");
    value = value.length() > 63 ? value.substring(0, 63) : value;
    return value.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }
}
