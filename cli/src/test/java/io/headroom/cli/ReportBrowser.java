package io.headroom.cli;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Real headless Chromium for the report tests: the DOM after the page's scripts ran, and a
 * screenshot. Chromium comes from the machine (Debian: {@code apt-get install -y chromium}) or
 * {@code HEADROOM_CHROMIUM}; without it the tests fail and say how to install it, never skip.
 */
final class ReportBrowser {
  private static final List<String> CANDIDATES =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

  private final String executable;

  private ReportBrowser(String executable) {
    this.executable = executable;
  }

  static ReportBrowser locate() {
    String configured = System.getenv("HEADROOM_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      if (!Files.isExecutable(Path.of(configured))) {
        throw new AssertionError("HEADROOM_CHROMIUM=" + configured + " is not an executable file");
      }
      return new ReportBrowser(configured);
    }
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      for (String name : CANDIDATES) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return new ReportBrowser(Path.of(dir, name).toString());
        }
      }
    }
    throw new AssertionError(
        "Chromium not found on PATH ("
            + String.join(", ", CANDIDATES)
            + "): the report test renders"
            + " the page in a real headless browser. Install it (Debian/Ubuntu as root: apt-get install -y chromium)"
            + " or set HEADROOM_CHROMIUM to its path.");
  }

  /**
   * The page as Chromium left it: its serialized DOM after the scripts ran, and a screenshot of the
   * viewport.
   */
  record Rendered(String dom, BufferedImage screenshot) {}

  /**
   * Loads {@code page} once, dumping the DOM and writing {@code png} at {@code width} × {@code
   * height}.
   */
  Rendered render(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    return render(page, "", png, width, height);
  }

  /**
   * As {@link #render(Path, Path, int, int)}, with {@code query} (such as {@code "?audit"}, which
   * makes the page measure each chart series' pixels: {@link #audit}) appended to the page's
   * address.
   */
  Rendered render(Path page, String query, Path png, int width, int height)
      throws IOException, InterruptedException {
    byte[] dom =
        run(
            page.toUri() + query,
            "--dump-dom",
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars");
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      throw new AssertionError("Chromium wrote no readable screenshot to " + png);
    }
    return new Rendered(new String(dom, StandardCharsets.UTF_8), image);
  }

  private byte[] run(String address, String... extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("headroom-chromium-");
    List<String> command =
        new ArrayList<>(
            List.of(
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000"));
    command.addAll(List.of(extra));
    command.add(address);
    Path stdout = Files.createTempFile("headroom-chromium-", ".out");
    Path stderr = Files.createTempFile("headroom-chromium-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "Chromium did not finish within 90 s: " + String.join(" ", command));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "Chromium exited " + process.exitValue() + ": " + Files.readString(stderr));
      }
      return Files.readAllBytes(stdout);
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      try (var paths = Files.walk(profile)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * What the page's audit script (report/audit.js, run with {@code ?audit}) measured: per chart
   * canvas, per series, the pixels that series alone draws inside the plot area.
   */
  record SeriesPixels(String chart, String label, long pixels, double xFrom, double xTo) {}

  static List<SeriesPixels> audit(String dom) throws IOException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "<script type=\"application/json\" id=\"chart-audit\">(.*?)</script>",
                java.util.regex.Pattern.DOTALL)
            .matcher(dom);
    if (!m.find()) {
      throw new AssertionError("the page wrote no chart audit (was it opened with ?audit?)");
    }
    com.fasterxml.jackson.databind.JsonNode root =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(1));
    if (!root.get("error").isNull()) {
      throw new AssertionError("the chart audit failed in the page: " + root.get("error").asText());
    }
    List<SeriesPixels> out = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode chart : root.get("charts")) {
      for (com.fasterxml.jackson.databind.JsonNode d : chart.get("datasets")) {
        out.add(
            new SeriesPixels(
                chart.get("chart").asText(),
                d.get("label").asText(),
                d.get("pixels").asLong(),
                d.get("xFrom").isNull() ? Double.NaN : d.get("xFrom").asDouble(),
                d.get("xTo").isNull() ? Double.NaN : d.get("xTo").asDouble()));
      }
    }
    return out;
  }

  /**
   * Fails naming every series with fewer than {@code minPixels} pixels of its own inside its
   * chart's plot area (hidden, off the axes, flat on the border, or covered by nothing drawn).
   */
  static List<SeriesPixels> assertEverySeriesVisible(String dom, long minPixels)
      throws IOException {
    List<SeriesPixels> series = audit(dom);
    if (series.isEmpty()) {
      throw new AssertionError("the chart audit found no charts");
    }
    List<String> invisible =
        series.stream()
            .filter(s -> s.pixels() < minPixels)
            .map(s -> s.chart() + " / '" + s.label() + "': " + s.pixels() + " px")
            .toList();
    if (!invisible.isEmpty()) {
      throw new AssertionError(
          "series with fewer than "
              + minPixels
              + " visible pixels of their own: "
              + String.join("; ", invisible));
    }
    return series;
  }

  /** Pixels within {@code tolerance} (per RGB channel) of {@code rgb}, in the whole image. */
  static long pixelsNear(BufferedImage image, int rgb, int tolerance) {
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    long count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xff) - r) <= tolerance
            && Math.abs(((p >> 8) & 0xff) - g) <= tolerance
            && Math.abs((p & 0xff) - b) <= tolerance) {
          count++;
        }
      }
    }
    return count;
  }
}
