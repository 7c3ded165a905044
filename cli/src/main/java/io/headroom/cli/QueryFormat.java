package io.headroom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** How {@code query} prints its rows: a table for people, CSV or JSON for tools. */
enum QueryFormat {
  TABLE,
  CSV,
  JSON;

  String render(List<Map<String, Object>> rows, int limit) {
    return switch (this) {
      case TABLE -> Tables.render(rows, limit);
      case CSV -> csv(rows.subList(0, Math.min(limit, rows.size())));
      case JSON -> json(rows.subList(0, Math.min(limit, rows.size())));
    };
  }

  /**
   * A value as written: numbers exactly (the shortest decimal that reads back as the same double,
   * never rounded to a few places), everything else as the driver renders it.
   */
  static String text(Object value) {
    if (value instanceof Double d && Double.isFinite(d)) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Float f && Float.isFinite(f)) {
      return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  private static String csv(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", rows.get(0).keySet().stream().map(QueryFormat::quoted).toList()))
        .append('\n');
    for (Map<String, Object> row : rows) {
      out.append(String.join(",", row.values().stream().map(v -> quoted(text(v))).toList()))
          .append('\n');
    }
    return out.toString();
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  private static String quoted(String field) {
    return field.contains(",") || field.contains("\"") || field.contains("\n")
        ? "\"" + field.replace("\"", "\"\"") + "\""
        : field;
  }

  private static String json(List<Map<String, Object>> rows) {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode array = mapper.createArrayNode();
    for (Map<String, Object> row : rows) {
      ObjectNode object = array.addObject();
      row.forEach(
          (column, value) -> {
            if (value == null) {
              object.putNull(column);
            } else if (value instanceof Number || value instanceof Boolean) {
              object.set(column, mapper.valueToTree(value));
            } else {
              object.put(column, String.valueOf(value));
            }
          });
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rows as JSON: " + e.getMessage(), e);
    }
  }
}
