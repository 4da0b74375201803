package dev.palisade.operator.leader;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election over a Lease in the operator's namespace (JOSDK's
 * {@link LeaderElectionConfiguration}), and whether this replica leads now. Every replica runs the
 * informers and the webhook; only the leader reconciles and serves the sidecar control API, because
 * the policy catalog and the tool observations live in the leader's memory.
 *
 * @param leaseName the Lease ({@code palisade-operator-leader} in the chart)
 * @param leaseNamespace the operator's namespace
 * @param identity this replica (the pod name)
 * @param exitOnStopLeading end the process when leadership is lost (in cluster: the pod restarts as a
 *     follower with fresh state); tests keep the JVM
 */
public record Leadership(String leaseName, String leaseNamespace, String identity, Duration leaseDuration,
    Duration renewDeadline, Duration retryPeriod, boolean exitOnStopLeading, AtomicBoolean leading) {
  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  /** client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
  public static Leadership of(String leaseName, String leaseNamespace, String identity) {
    return new Leadership(leaseName, leaseNamespace, identity, LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE, LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        true, new AtomicBoolean());
  }

  public boolean isLeader() {
    return leading.get();
  }

  public LeaderElectionConfiguration configuration() {
    return new LeaderElectionConfiguration(leaseName, leaseNamespace, leaseDuration, renewDeadline, retryPeriod, identity,
        new LeaderCallbacks(
            () -> {
              leading.set(true);
              log.info("leader election: leading lease={}/{} identity={}", leaseNamespace, leaseName, identity);
            },
            () -> {
              leading.set(false);
              log.info("leader election: stopped leading lease={}/{} identity={}", leaseNamespace, leaseName, identity);
            },
            leader -> log.info("leader election: leader is {}", leader)),
        exitOnStopLeading);
  }
}
