package io.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headroom.stack.LocalStackExtension;
import io.headroom.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ./headroom query} against a real ClickHouse: exact numbers, three formats, SQL errors. */
@ExtendWith(LocalStackExtension.class)
class QueryCommandIT {
  static final String SQL =
      "SELECT toFloat64(0.001234) AS small, toFloat64(12.5) AS half, 'a,b' AS text, 7 AS n";

  private ReportFixtures.CliRun query(StackEndpoints stack, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "query";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--clickhouse";
    all[args.length + 2] = stack.clickhouseJdbcUrl();
    all[args.length + 3] = "--database";
    all[args.length + 4] = "default";
    return ReportFixtures.runCli(all);
  }

  @Test
  void numbersArePrintedExactly_asATable_csvOrJson_andASqlTypoIsOneLine(StackEndpoints stack)
      throws Exception {
    ReportFixtures.CliRun table = query(stack, "--sql", SQL);
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("0.001234").contains("12.5").contains("a,b");

    ReportFixtures.CliRun csv = query(stack, "--sql", SQL, "--format", "csv");
    assertThat(csv.out()).isEqualTo("small,half,text,n\n0.001234,12.5,\"a,b\",7\n");

    ReportFixtures.CliRun json = query(stack, "--sql", SQL, "--format", "JSON");
    JsonNode row = new ObjectMapper().readTree(json.out()).get(0);
    assertThat(row.get("small").asDouble()).isEqualTo(0.001234);
    assertThat(row.get("text").asText()).isEqualTo("a,b");
    assertThat(row.get("n").asLong()).isEqualTo(7);

    ReportFixtures.CliRun typo = query(stack, "--sql", "SELEC 1");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err().strip().lines()).hasSize(1);
    assertThat(typo.err()).startsWith("headroom: query failed: ").contains("Syntax error");

    ReportFixtures.CliRun badFormat = query(stack, "--sql", SQL, "--format", "xml");
    assertThat(badFormat.exit()).isEqualTo(2);
    assertThat(badFormat.err()).contains("'xml' is not one of table, csv, json");
  }
}
