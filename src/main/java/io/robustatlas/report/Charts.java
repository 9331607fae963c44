package io.robustatlas.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts: XChart charts in one style (readable fonts, white background, a palette
 * that colour-blind readers can tell apart), rendered headless at twice their size so they stay
 * sharp on high-density screens, and embedded in the page as PNG {@code data:} URIs.
 */
final class Charts {
  /** A chart's size on the page, in CSS pixels: two fit side by side on a laptop screen. */
  static final int WIDTH = 560;

  static final int HEIGHT = 340;

  /** Legend entries that fit in one row below a chart. */
  private static final int LEGEND_BELOW = 3;

  /** Pixels per CSS pixel in the PNG. */
  private static final int SCALE = 2;

  /** A chart's y-axis title stays within this many characters, so it is never cut off. */
  static final int Y_TITLE = 32;

  /** Correct and wrong pairs keep these colours in every chart. */
  static final Color CORRECT = new Color(0x0072B2);

  static final Color WRONG = new Color(0xD55E00);

  /** Okabe and Ito's colour-blind-safe palette, black last. */
  private static final Color[] PALETTE = {
    new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
    new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)
  };

  private Charts() {}

  static {
    // Charts are drawn into images, never on a screen: no display is needed (or wanted).
    System.setProperty("java.awt.headless", "true");
  }

  /** The palette's colour {@code index} (cycling), for series that keep a colour across charts. */
  static Color color(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /** A line/scatter chart with numeric axes. */
  static XYChart xy(String title, String xTitle, String yTitle) {
    checkTitle(yTitle);
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setMarkerSize(6);
    // Without a pattern XChart labels a sparse x axis with the raw data values (0.3529411764...).
    chart.getStyler().setXAxisDecimalPattern(NUMBER);
    return chart;
  }

  /** A bar chart over named categories. */
  static CategoryChart bars(String title, String xTitle, String yTitle) {
    checkTitle(yTitle);
    CategoryChart chart =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setAvailableSpaceFill(0.8);
    return chart;
  }

  private static void checkTitle(String yTitle) {
    if (yTitle.length() > Y_TITLE) {
      throw new IllegalArgumentException("y-axis title longer than " + Y_TITLE + ": " + yTitle);
    }
  }

  /** Tick labels: a leading zero, at most three decimals. */
  private static final String NUMBER = "#,##0.###";

  private static void style(AxesChartStyler styler) {
    styler.setYAxisDecimalPattern(NUMBER);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(new Color(0xB0B8C0));
    styler.setPlotGridLinesColor(new Color(0xE4E8EC));
    styler.setChartTitleBoxVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setLegendPosition(LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setSeriesColors(PALETTE);
    styler.setChartPadding(8);
    styler.setAntiAlias(true);
  }

  /** A series drawn in one colour, line and markers. */
  static XYSeries colored(XYSeries series, Color color, Marker marker) {
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(marker);
    return series;
  }

  /** A dashed grey reference line (chance, perfect prediction) from (x0, y0) to (x1, y1). */
  static void reference(XYChart chart, String name, double x0, double y0, double x1, double y1) {
    XYSeries series = chart.addSeries(name, new double[] {x0, x1}, new double[] {y0, y1});
    series.setLineStyle(SeriesLines.DASH_DASH);
    series.setLineColor(Color.GRAY);
    series.setMarker(SeriesMarkers.NONE);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
  }

  /** The chart as a PNG {@code data:} URI. */
  static String dataUri(Chart<?, ?> chart) {
    BufferedImage image =
        new BufferedImage(WIDTH * SCALE, HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      graphics.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      graphics.scale(SCALE, SCALE);
      chart.paint(graphics, WIDTH, HEIGHT);
    } finally {
      graphics.dispose();
    }
    return pngUri(image);
  }

  /** An image as a PNG {@code data:} URI. */
  static String pngUri(BufferedImage image) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a chart as PNG", e);
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
  }

  /**
   * The rendered chart with its reading. A legend of more than {@value #LEGEND_BELOW} entries moves
   * from below the plot to its right, one entry per line, where long names do not run off the
   * image.
   */
  static Figure figure(Chart<?, ?> chart, String reading) {
    Styler styler = chart.getStyler();
    if (chart.getSeriesMap().size() > LEGEND_BELOW
        && styler.getLegendPosition() == LegendPosition.OutsideS) {
      styler.setLegendPosition(LegendPosition.OutsideE);
      styler.setLegendLayout(Styler.LegendLayout.Vertical);
    }
    return new Figure(chart.getTitle(), dataUri(chart), reading);
  }
}
