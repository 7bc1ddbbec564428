package io.unikernel.junit.internal.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code BridgePartitions} cuts the bridge between pairs of taps with an nftables {@code bridge}
 * table inside one network namespace: a set of ({@code iifname}, {@code oifname}) pairs whose
 * frames the bridge's forward hook drops, in both directions, ARP included. The argv builders are
 * static and pure; an instance remembers which pairs are cut, so healing is idempotent, and runs
 * the commands through a runner (a process inside the namespace).
 *
 * <p>Thread-safe. Intended for the extension's network layer; this is not API.
 */
public final class BridgePartitions {

  static final String TABLE = "unikernel";
  static final String SET = "partitions";

  private final Consumer<List<String>> runner;
  private final Set<List<String>> cut = new LinkedHashSet<>();
  private boolean tableMade;

  /**
   * @param runner runs one argv inside the namespace and fails if it fails
   */
  public BridgePartitions(Consumer<List<String>> runner) {
    this.runner = runner;
  }

  /** Returns the argv that makes the table, its set and its one rule. */
  public static List<String> createTableCommand() {
    return List.of(
        "nft",
        "add table bridge "
            + TABLE
            + "; add set bridge "
            + TABLE
            + " "
            + SET
            + " { type ifname . ifname; }; add chain bridge "
            + TABLE
            + " forward { type filter hook forward priority 0; policy accept; }; add rule bridge "
            + TABLE
            + " forward iifname . oifname @"
            + SET
            + " drop");
  }

  /** Returns the argv that cuts {@code a} from {@code b} in both directions. */
  public static List<String> cutCommand(String a, String b) {
    return List.of("nft", "add element bridge " + TABLE + " " + SET + " " + elements(a, b));
  }

  /** Returns the argv that heals the cut between {@code a} and {@code b}. */
  public static List<String> healCommand(String a, String b) {
    return List.of("nft", "delete element bridge " + TABLE + " " + SET + " " + elements(a, b));
  }

  /** Returns the argv that removes the table with everything in it. */
  public static List<String> deleteTableCommand() {
    return List.of("nft", "delete table bridge " + TABLE);
  }

  private static String elements(String a, String b) {
    InterfaceNames.requireValid(a, "tap");
    InterfaceNames.requireValid(b, "tap");
    if (a.equals(b)) {
      throw new IllegalArgumentException("a tap cannot be cut from itself: " + a);
    }
    return "{ \"" + a + "\" . \"" + b + "\", \"" + b + "\" . \"" + a + "\" }";
  }

  private static List<String> pair(String a, String b) {
    return a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
  }

  /** Cuts {@code a} from {@code b}; cutting twice is harmless. */
  public synchronized void partition(String a, String b) {
    List<String> pair = pair(a, b);
    if (cut.contains(pair)) {
      return;
    }
    if (!tableMade) {
      runner.accept(createTableCommand());
      tableMade = true;
    }
    runner.accept(cutCommand(a, b));
    cut.add(pair);
  }

  /** Heals the cut between {@code a} and {@code b}, if there is one. */
  public synchronized void heal(String a, String b) {
    if (cut.contains(pair(a, b))) {
      runner.accept(healCommand(a, b));
      cut.remove(pair(a, b));
    }
  }

  /** Heals every cut {@code tap} is part of. */
  public synchronized void healAll(String tap) {
    for (List<String> pair : new ArrayList<>(cut)) {
      if (pair.contains(tap)) {
        heal(pair.get(0), pair.get(1));
      }
    }
  }

  /** Returns whether {@code a} and {@code b} are cut from each other. */
  public synchronized boolean isCut(String a, String b) {
    return cut.contains(pair(a, b));
  }
}
