package io.robustatlas.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Small square pictures side by side with a caption each (an image, its relevance map, a kernel's
 * spectrum): what a chart cannot show. Drawn pixel by pixel, enlarged without smoothing so every
 * input pixel stays a visible square, and embedded like the charts as a PNG {@code data:} URI.
 */
final class Tiles {
  /** Rendered at the charts' twice-their-size resolution. */
  private static final int SCALE = 2;

  private static final int GAP = 16;
  private static final int FONT = 20;
  private static final int CAPTION = 2 * (FONT + 4) + 4;

  /** How a tile's values become colours. */
  enum Shading {
    /** Values in [0, 1], black to white: an input image. */
    GRAY,
    /** Values from 0 to the tile's largest, white to black: a power spectrum. */
    INTENSITY,
    /** Signed values, blue (negative) through white to red, scaled by the tile's largest |value|. */
    SIGNED
  }

  /**
   * @param values {@code side × side}, row-major
   * @param caption up to two lines, separated by a newline
   */
  record Tile(float[] values, int side, Shading shading, String caption) {}

  private Tiles() {}

  /**
   * The tiles in rows of {@code columns}, as one figure of a chart's size (the page shows every
   * figure at that size), each tile as large as fits.
   */
  static Figure figure(String title, List<Tile> tiles, int columns, String reading) {
    int width = Charts.WIDTH * SCALE;
    int height = Charts.HEIGHT * SCALE;
    int side = tiles.stream().mapToInt(Tile::side).max().orElse(1);
    int rows = Math.max(1, (tiles.size() + columns - 1) / columns);
    int pixel =
        Math.max(1, Math.min((width - GAP) / columns - GAP,
            (height - GAP) / rows - CAPTION - GAP) / side);
    int cell = side * pixel;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    try {
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, width, height);
      graphics.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT));
      for (int i = 0; i < tiles.size(); i++) {
        int x = GAP + (i % columns) * (cell + GAP);
        int y = GAP + (i / columns) * (cell + CAPTION + GAP);
        draw(tiles.get(i), image, x, y, pixel);
        graphics.setColor(Color.DARK_GRAY);
        String[] lines = tiles.get(i).caption().split("\n");
        for (int l = 0; l < lines.length && l < 2; l++) {
          graphics.drawString(lines[l], x, y + cell + (FONT + 4) * (l + 1));
        }
      }
    } finally {
      graphics.dispose();
    }
    return new Figure(title, Charts.pngUri(image), reading);
  }

  private static void draw(Tile tile, BufferedImage image, int left, int top, int pixel) {
    double scale = 0;
    for (float v : tile.values()) {
      scale = Math.max(scale, Math.abs(v));
    }
    int n = tile.side();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        int rgb = color(tile.values()[r * n + c], tile.shading(), scale).getRGB();
        for (int dy = 0; dy < pixel; dy++) {
          for (int dx = 0; dx < pixel; dx++) {
            image.setRGB(left + c * pixel + dx, top + r * pixel + dy, rgb);
          }
        }
      }
    }
  }

  static Color color(double value, Shading shading, double scale) {
    double t = scale == 0 ? 0 : value / scale;
    return switch (shading) {
      case GRAY -> gray(Math.max(0, Math.min(1, value)));
      case INTENSITY -> gray(1 - Math.max(0, Math.min(1, t)));
      case SIGNED -> {
        int fade = (int) Math.round(255 * (1 - Math.min(1, Math.abs(t))));
        yield t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
      }
    };
  }

  private static Color gray(double level) {
    int v = (int) Math.round(255 * level);
    return new Color(v, v, v);
  }
}
