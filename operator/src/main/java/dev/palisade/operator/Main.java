package dev.palisade.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar operator/target/palisade-operator.jar}: in cluster it uses the pod's
 * ServiceAccount; out of cluster the current context of {@code $KUBECONFIG} (or ~/.kube/config).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    KubernetesClient client = new KubernetesClientBuilder().build();
    log.info("palisade operator starting master={} namespace={}", client.getMasterUrl(), client.getNamespace());
    PalisadeOperator operator = new PalisadeOperator(client, Clock.systemUTC(), true).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
      stopped.countDown();
    }, "palisade-shutdown"));
    stopped.await();
  }
}
