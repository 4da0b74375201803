package dev.palisade.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The PNG next to the report: latency percentiles per configuration, one panel per workload, side by side. */
final class LatencyChart {
  static final double[] PERCENTILES = {50, 90, 99, 99.9};
  private static final List<String> LABELS = List.of("p50", "p90", "p99", "p99.9");
  private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0x55A868), new Color(0xDD8452),
      new Color(0xC44E52)};

  private LatencyChart() {}

  /** Each panel: a title and the cells of one workload, one per configuration. */
  record Panel(String title, List<CellResult> cells) {}

  static void write(Path file, List<Panel> panels) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = 700;
    int height = 480;
    BufferedImage image = new BufferedImage(width * panels.size(), height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    for (int i = 0; i < panels.size(); i++) {
      graphics.drawImage(BitmapEncoder.getBufferedImage(chart(panels.get(i), width, height)), i * width, 0, null);
    }
    graphics.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private static CategoryChart chart(Panel panel, int width, int height) {
    CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(panel.title())
        .xAxisTitle("percentile").yAxisTitle("latency (ms)").build();
    var styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    styler.setYAxisDecimalPattern("0.00");
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotGridVerticalLinesVisible(false);
    styler.setLabelsVisible(true);
    styler.setLabelsFontColorAutomaticEnabled(false);
    styler.setLabelsFontColor(Color.DARK_GRAY);
    styler.setLabelsRotation(90);
    int color = 0;
    for (CellResult cell : panel.cells()) {
      List<Double> values = java.util.Arrays.stream(PERCENTILES)
          .mapToObj(p -> cell.latencyMicros().getValueAtPercentile(p) / 1000.0).toList();
      chart.addSeries(cell.target().name(), LABELS, values).setFillColor(COLORS[color++ % COLORS.length]);
    }
    return chart;
  }
}
