package dev.palisade.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The policies shipped inside the jar. */
public final class BuiltinPolicies {
  private static final String DEFAULT = "palisade/policies/builtin-default.yaml";

  private BuiltinPolicies() {}

  /** The built-in default policy (config/policies/builtin-default.yaml). */
  public static McpPolicy defaultPolicy() {
    try (InputStream in = BuiltinPolicies.class.getClassLoader().getResourceAsStream(DEFAULT)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT + " is missing from the classpath");
      }
      return new PolicyLoader().parse(DEFAULT, new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
