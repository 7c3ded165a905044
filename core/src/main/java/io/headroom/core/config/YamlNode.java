package io.headroom.core.config;

import io.headroom.core.time.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One value of a YAML (or JSON) configuration document together with its path, such as {@code
 * behavior.scaleDown.policies[0].value}, so that every problem is one line naming the field, the
 * value and the rule: {@code <path>: <value> <rule>}. The HPA spec, the alert rules and the targets
 * file are read through it. Unknown fields are errors, so a typo never silently falls back to a
 * default. Values are immutable views; reading them has no side effects.
 */
public final class YamlNode {
  /** How the message for an unknown field lists the known ones. */
  public enum FieldList {
    /** {@code (expected a, b)} */
    EXPECTED("expected "),
    /** {@code (known: a, b)} */
    KNOWN("known: ");

    private final String label;

    FieldList(String label) {
      this.label = label;
    }
  }

  private final String path;
  private final Object value;
  private final FieldList fieldList;

  private YamlNode(String path, Object value, FieldList fieldList) {
    this.path = path;
    this.value = value;
    this.fieldList = fieldList;
  }

  /**
   * Loads a document (safe constructor: plain data only) as the root node, whose children are
   * addressed without a prefix ({@code maxReplicas}, {@code rules[0].name}).
   *
   * @param notValid the start of the message for text that is not YAML, naming the document ({@code
   *     "HPA spec is not valid YAML/JSON"}); the line, column and problem follow
   * @throws IllegalArgumentException one line: {@code <notValid> at line L, column C: <problem>}
   */
  public static YamlNode load(String text, String notValid, FieldList fieldList) {
    try {
      return new YamlNode(
          "", new Yaml(new SafeConstructor(new LoaderOptions())).load(text), fieldList);
    } catch (MarkedYAMLException e) {
      throw new IllegalArgumentException(
          notValid
              + " at line "
              + (e.getProblemMark().getLine() + 1)
              + ", column "
              + (e.getProblemMark().getColumn() + 1)
              + ": "
              + oneLine(e.getProblem()),
          e);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(notValid + ": " + oneLine(e.getMessage()), e);
    }
  }

  /** {@link #load(String, String, FieldList)} listing known fields as {@code (expected a, b)}. */
  public static YamlNode load(String text, String notValid) {
    return load(text, notValid, FieldList.EXPECTED);
  }

  /** The path from the root, e.g. {@code targets[0].spec}; empty for the root. */
  public String path() {
    return path;
  }

  /** The raw value: a {@code Map}, a {@code List}, a scalar, or null when the field is missing. */
  public Object value() {
    return value;
  }

  public boolean isMissing() {
    return value == null;
  }

  /** An error naming this node: {@code <path>: <rule>} ({@code (root)} for the root). */
  public IllegalArgumentException problem(String rule) {
    return new IllegalArgumentException(where() + ": " + rule);
  }

  /**
   * The value as shown in messages: quoted text, {@code a mapping}, {@code a list}, or the value
   * itself.
   */
  public String shown() {
    if (value instanceof String text) {
      return "'" + text + "'";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    return String.valueOf(value);
  }

  // ---- structure
  // ---------------------------------------------------------------------------------

  /**
   * This node as a mapping whose keys are all in {@code known}; the error names an unknown field.
   */
  public YamlNode fields(Set<String> known) {
    for (String key : mapping().keySet()) {
      if (!known.contains(key)) {
        throw child(key)
            .problem(
                "unknown field ("
                    + fieldList.label
                    + String.join(", ", known.stream().sorted().toList())
                    + ")");
      }
    }
    return this;
  }

  /** Whether this mapping has the field, even with an empty value. */
  public boolean has(String name) {
    return mapping().containsKey(name);
  }

  /** The field of this mapping ({@link #isMissing()} when absent or empty). */
  public YamlNode field(String name) {
    return child(name, mapping().get(name));
  }

  /**
   * The field of this mapping, addressed by this node's own path: for wrappers that messages leave
   * out.
   */
  public YamlNode unwrap(String name) {
    return new YamlNode(path, mapping().get(name), fieldList);
  }

  /** The field names of this mapping, in document order. */
  public Set<String> keys() {
    return mapping().keySet();
  }

  /** The items of this list, addressed {@code path[i]}. */
  public List<YamlNode> items() {
    if (!(value instanceof List<?> list)) {
      throw problem((value == null ? "missing," : shown()) + " must be a list");
    }
    List<YamlNode> items = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      items.add(new YamlNode(path + "[" + i + "]", list.get(i), fieldList));
    }
    return items;
  }

  // ---- scalars
  // -----------------------------------------------------------------------------------

  /** A name (a text in the document, not a number), stripped. */
  public String name() {
    if (value == null) {
      throw problem("missing, must be a non-empty name");
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw problem(shown() + " must be a non-empty name");
    }
    return text.strip();
  }

  /** {@link #name()}, or {@code defaultValue} when missing. */
  public String name(String defaultValue) {
    return value == null ? defaultValue : name();
  }

  /** Any scalar as text (a number too), stripped; free text such as a recommendation. */
  public String text() {
    if (value == null
        || value instanceof Map
        || value instanceof List
        || String.valueOf(value).isBlank()) {
      throw problem("is required (a non-empty text)");
    }
    return String.valueOf(value).strip();
  }

  /** A finite number. */
  public double number() {
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      return number.doubleValue();
    }
    throw problem(shown() + " is not a number");
  }

  /** An integer within {@code int} range. */
  public int integer() {
    if (value instanceof Integer number) {
      return number;
    }
    if (value instanceof Long || value instanceof java.math.BigInteger) {
      throw problem(value + " is out of range for an integer");
    }
    throw problem(shown() + " must be an integer");
  }

  /** {@code true} or {@code false}. */
  public boolean bool() {
    if (value instanceof Boolean b) {
      return b;
    }
    throw problem(shown() + " must be true or false");
  }

  /**
   * A duration >= 0: text such as {@code 90s}, {@code 1h30m} ({@link DurationText}), or an integer
   * of seconds.
   */
  public Duration duration() {
    if (value == null) {
      throw problem("missing, must be a duration (examples: 500ms, 15s, 2m, 1h30m, 7d, 2w)");
    }
    Duration parsed =
        parse(
            () ->
                value instanceof Integer seconds
                    ? Duration.ofSeconds(seconds)
                    : DurationText.parse(String.valueOf(value)));
    if (parsed.isNegative()) {
      throw problem(shown() + " must be >= 0");
    }
    return parsed;
  }

  /** {@link #duration()}, or {@code defaultValue} when missing. */
  public Duration duration(Duration defaultValue) {
    return value == null ? defaultValue : duration();
  }

  /**
   * Runs a constructor or parser of this node's value and prefixes its one-line message with the
   * path, so a record's own checks ({@code must be >= 1}) name the field they are about.
   */
  public <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path.isEmpty() ? e.getMessage() : path + "." + e.getMessage(), e);
    }
  }

  /**
   * Runs a parser of this node's value ({@code Quantities.parse}, say) and puts the path before its
   * one-line message, which describes the value ({@code '5 apples' is not a quantity}).
   */
  public <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> mapping() {
    if (!(value instanceof Map<?, ?> map)) {
      throw problem((value == null ? "missing," : shown()) + " must be a mapping (key: value)");
    }
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw problem(
            "key " + new YamlNode(path, key, fieldList).shown() + " must be a field name");
      }
    }
    return (Map<String, Object>) map;
  }

  private String where() {
    return path.isEmpty() ? "(root)" : path;
  }

  private YamlNode child(String name) {
    return child(name, null);
  }

  private YamlNode child(String name, Object childValue) {
    return new YamlNode(path.isEmpty() ? name : path + "." + name, childValue, fieldList);
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable" : message.replaceAll("\\s+", " ").strip();
  }
}
