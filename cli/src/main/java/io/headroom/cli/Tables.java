package io.headroom.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain-text tables for terminal output. */
final class Tables {
  private Tables() {}

  static String render(List<Map<String, Object>> rows, int limit) {
    if (rows.isEmpty()) {
      return "(no rows)\n";
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    List<List<String>> cells = new ArrayList<>();
    for (Map<String, Object> row : rows.subList(0, Math.min(limit, rows.size()))) {
      List<String> line = new ArrayList<>();
      for (String column : columns) {
        line.add(format(row.get(column)));
      }
      cells.add(line);
    }
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).length();
      for (List<String> line : cells) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, columns, widths);
    for (int i = 0; i < columns.size(); i++) {
      out.append("-".repeat(widths[i])).append(i + 1 < columns.size() ? "  " : "\n");
    }
    cells.forEach(line -> appendLine(out, line, widths));
    if (rows.size() > limit) {
      out.append("... ").append(rows.size() - limit).append(" more rows\n");
    }
    return out.toString();
  }

  private static void appendLine(StringBuilder out, List<String> values, int[] widths) {
    for (int i = 0; i < values.size(); i++) {
      out.append(String.format("%-" + widths[i] + "s", values.get(i)))
          .append(i + 1 < values.size() ? "  " : "\n");
    }
  }

  private static String format(Object value) {
    return QueryFormat.text(value);
  }
}
