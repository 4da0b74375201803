package dev.palisade.detection.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.detection.validate.Validators;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step (the detection module's {@code process-classes} phase): checks every rule pack in a
 * directory with the real loader, so a broken shipped pack fails the build naming file, rule and
 * field, and writes each pack's compiled JSON and an index of their sources into {@code compiled/} ({@link CompiledPacks}).
 *
 * <p>Usage: {@code RulePackCompiler <directory with *.yaml packs>}
 */
public final class RulePackCompiler {
  private RulePackCompiler() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: RulePackCompiler <rule directory>");
    }
    int packs = compile(Path.of(args[0]));
    System.out.printf("compiled %d rule packs in %s%n", packs, args[0]);
  }

  /** Compiles every {@code *.yaml} pack of {@code directory} into its {@code compiled/} subdirectory. */
  static int compile(Path directory) throws IOException {
    RulePackLoader loader = new RulePackLoader(Validators.builtin());
    Path output = directory.resolve("compiled");
    Files.createDirectories(output);
    List<Path> packs;
    try (Stream<Path> files = Files.list(directory)) {
      packs = files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
    }
    Map<String, byte[]> yaml = new LinkedHashMap<>();
    Map<String, JsonNode> trees = new LinkedHashMap<>();
    for (Path pack : packs) {
      String file = pack.getFileName().toString();
      byte[] bytes = Files.readAllBytes(pack);
      String text = new String(bytes, StandardCharsets.UTF_8);
      loader.parse(file, text);
      yaml.put(file, bytes);
      trees.put(file, loader.tree(file, text));
    }
    CompiledPacks.write(output, yaml, trees);
    return packs.size();
  }
}
