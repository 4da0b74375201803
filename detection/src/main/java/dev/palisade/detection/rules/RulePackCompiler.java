package dev.palisade.detection.rules;

import dev.palisade.detection.validate.Validators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (the detection module's {@code process-classes} phase): checks every rule pack in a
 * directory with the real loader, so a broken shipped pack fails the build naming file, rule and
 * field, and writes each pack's compiled JSON next to it ({@link CompiledPacks}).
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
    for (Path pack : packs) {
      String file = pack.getFileName().toString();
      String text = Files.readString(pack);
      loader.parse(file, text);
      Files.writeString(output.resolve(CompiledPacks.fileName(file)), CompiledPacks.compile(loader.tree(file, text), text));
    }
    return packs.size();
  }
}
