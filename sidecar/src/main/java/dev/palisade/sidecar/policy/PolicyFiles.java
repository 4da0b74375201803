package dev.palisade.sidecar.policy;

import dev.palisade.policy.McpPolicy;
import dev.palisade.policy.PolicyEngine;
import dev.palisade.policy.PolicyException;
import dev.palisade.policy.PolicyLoader;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone policies: a YAML file or directory, loaded at start (a bad document stops the start)
 * and followed while the sidecar runs. A changed document is validated whole before it replaces the
 * running set; a bad one is reported and the running set stays, so nothing half-applies and no
 * request in flight is dropped.
 */
public final class PolicyFiles implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PolicyFiles.class);
  private static final long POLL_MS = 1000;

  private final Vertx vertx;
  private final Path path;
  private final PolicyEngine engine;
  private final PolicyLoader loader = new PolicyLoader();
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong reloadFailures = new AtomicLong();
  private volatile String lastSignature = "";
  private volatile String lastError;
  private long timer = -1;

  public PolicyFiles(Vertx vertx, Path path, PolicyEngine engine) {
    this.vertx = vertx;
    this.path = path;
    this.engine = engine;
  }

  /** Loads the policies now; throws {@link PolicyException} naming the file and field when one is bad. */
  public List<McpPolicy> start() {
    List<McpPolicy> policies = loader.load(path);
    engine.replacePolicies(policies);
    lastSignature = signature();
    timer = vertx.setPeriodic(POLL_MS, id -> vertx.executeBlocking(() -> {
      reloadIfChanged();
      return null;
    }, false));
    return policies;
  }

  /** Reloads when a policy file changed; returns whether the running set was replaced. */
  public synchronized boolean reloadIfChanged() {
    String signature = signature();
    if (signature.equals(lastSignature)) {
      return false;
    }
    lastSignature = signature;
    try {
      List<McpPolicy> policies = loader.load(path);
      engine.replacePolicies(policies);
      reloads.incrementAndGet();
      lastError = null;
      log.info("policies reloaded from {}: {}", path, policies.stream().map(McpPolicy::name).toList());
      return true;
    } catch (PolicyException e) {
      reloadFailures.incrementAndGet();
      lastError = e.getMessage();
      log.warn("policy change rejected, the running policies stay: {}", e.getMessage());
      return false;
    }
  }

  public long reloads() {
    return reloads.get();
  }

  public long reloadFailures() {
    return reloadFailures.get();
  }

  /** The last rejected change, or {@code null} when the running policies are the files' policies. */
  public String lastError() {
    return lastError;
  }

  /** Names, sizes and modification times of the policy files: changes when any of them changes. */
  private String signature() {
    try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
      StringBuilder signature = new StringBuilder();
      for (Path file : files.sorted().toList()) {
        if (Files.isRegularFile(file)) {
          FileTime modified = Files.getLastModifiedTime(file);
          signature.append(file.getFileName()).append(':').append(Files.size(file)).append(':').append(modified.toMillis()).append(';');
        }
      }
      return signature.toString();
    } catch (IOException e) {
      return "unreadable:" + e.getMessage();
    }
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
