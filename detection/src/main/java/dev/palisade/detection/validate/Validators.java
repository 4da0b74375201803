package dev.palisade.detection.validate;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The validators rule files may name, by name. */
public final class Validators {
  private final Map<String, Validator> byName;

  public Validators(Map<String, Validator> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** Every validator Palisade ships. */
  public static Validators builtin() {
    Map<String, Validator> all = new TreeMap<>();
    all.putAll(IdentifierValidators.all());
    all.putAll(HiddenTextValidators.all());
    return new Validators(all);
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  public Validator get(String name) {
    Validator validator = byName.get(name);
    if (validator == null) {
      throw new IllegalArgumentException("unknown validator " + name);
    }
    return validator;
  }

  public Set<String> names() {
    return new java.util.TreeSet<>(byName.keySet());
  }
}
