package io.headroom.cli.report;

import io.headroom.cli.Numbers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for the plan and the report's embedded data: maps (in their order), lists,
 * strings, numbers, booleans and null. Non-finite numbers become null; instants and dates become
 * ISO-8601 strings. {@code <}, {@code >} and {@code &} are escaped, so the output can sit inside an
 * HTML {@code <script>} element unchanged.
 */
public final class Json {
  private Json() {}

  public static String write(Object value, boolean pretty) {
    StringBuilder out = new StringBuilder();
    write(out, value, pretty ? 0 : -1);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, int indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isFinite(d) ? Numbers.exact(d) : "null");
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof Instant || value instanceof LocalDate) {
      string(out, value.toString());
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        newline(out, indent + 1);
        string(out, String.valueOf(entry.getKey()));
        out.append(indent >= 0 ? ": " : ":");
        write(out, entry.getValue(), indent < 0 ? -1 : indent + 1);
        if (entries.hasNext()) {
          out.append(',');
        }
      }
      if (!map.isEmpty()) {
        newline(out, indent);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        // Lists of plain values stay on one line: long series remain readable.
        boolean nested = list.get(i) instanceof Map || list.get(i) instanceof List;
        if (nested) {
          newline(out, indent + 1);
        }
        write(out, list.get(i), indent < 0 ? -1 : indent + 1);
        if (i < list.size() - 1) {
          out.append(indent >= 0 && !nested ? ", " : ",");
        }
      }
      if (!list.isEmpty() && (list.get(0) instanceof Map || list.get(0) instanceof List)) {
        newline(out, indent);
      }
      out.append(']');
    } else {
      string(out, value.toString());
    }
  }

  private static void newline(StringBuilder out, int indent) {
    if (indent >= 0) {
      out.append('\n').append("  ".repeat(indent));
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** An ordered map from alternating keys and values: {@code Json.object("a", 1, "b", 2)}. */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
