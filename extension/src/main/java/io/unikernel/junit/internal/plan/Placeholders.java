package io.unikernel.junit.internal.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Placeholders} finds and replaces {@code ${name.attribute}} references to other instances
 * in {@code args} and {@code env}.
 */
public final class Placeholders {

  /** The attributes a placeholder may name. */
  public static final Set<String> ATTRIBUTES = Set.of("ip", "port", "address");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^.}]*)\\.([^}]*)}");

  private Placeholders() {}

  /** A reference {@code ${instance.attribute}} as written. */
  public record Reference(String instance, String attribute, String text) {}

  /** Returns the references in {@code value}, in order of appearance. */
  public static Set<Reference> find(String value) {
    Set<Reference> found = new LinkedHashSet<>();
    Matcher matcher = PLACEHOLDER.matcher(value);
    while (matcher.find()) {
      found.add(new Reference(matcher.group(1), matcher.group(2), matcher.group()));
    }
    return found;
  }

  private static final Pattern ANY_BRACE = Pattern.compile("\\$\\{[^}]*}?");

  /**
   * Returns the {@code ${...}} fragments of {@code value} that are not {@code ${name.attribute}}.
   */
  public static List<String> malformed(String value) {
    List<String> bad = new ArrayList<>();
    Matcher matcher = ANY_BRACE.matcher(value);
    while (matcher.find()) {
      if (!PLACEHOLDER.matcher(matcher.group()).matches()) {
        bad.add(matcher.group());
      }
    }
    return bad;
  }

  /** Replaces each reference with {@code lookup.apply(instance, attribute)}. */
  public static String resolve(String value, BiFunction<String, String, String> lookup) {
    Matcher matcher = PLACEHOLDER.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String replacement = lookup.apply(matcher.group(1), matcher.group(2));
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(resolved);
    return resolved.toString();
  }
}
