package dev.palisade.policy;

import java.util.List;

/** Any of several globs; an empty set matches everything (the field was not given). */
public record GlobSet(List<Glob> globs) {
  public static final GlobSet ANY = new GlobSet(List.of());

  public GlobSet {
    globs = List.copyOf(globs);
  }

  public static GlobSet of(String... patterns) {
    return new GlobSet(java.util.Arrays.stream(patterns).map(Glob::of).toList());
  }

  public boolean isAny() {
    return globs.isEmpty();
  }

  /** Whether the value matches; a {@code null} value only matches the unrestricted set. */
  public boolean matches(String value) {
    if (globs.isEmpty()) {
      return true;
    }
    for (Glob glob : globs) {
      if (glob.matches(value)) {
        return true;
      }
    }
    return false;
  }
}
