package dev.videogen.engine.text;

import dev.videogen.engine.model.Rgba;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.GeneralPath;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Paints laid-out, shaped text into a transparent image: background, shadow, highlight box, outline, glyphs and colour
 * emoji, in that order (as a browser paints {@code background}, {@code text-shadow}, then the text with its
 * {@code -webkit-text-stroke} under the fill).
 */
public final class TextRasterizer {

    /**
     * Everything drawn on one canvas.
     *
     * @param block          the layout, in canvas coordinates
     * @param lines          each line of the block, shaped
     * @param paint          colours and effects
     * @param box            the box a whole-box background fills, in canvas coordinates
     * @param highlightStart first highlighted character (index into the block's text), or -1
     * @param highlightEnd   end of the highlighted characters
     */
    public record Scene(TextBlockLayout.Block block, List<ShapedLine> lines, TextPaint paint, Rectangle2D box,
                        int highlightStart, int highlightEnd) {
    }

    private TextRasterizer() {
    }

    /** Paints {@code scene} into a new {@code width}×{@code height} image with a transparent background. */
    public static BufferedImage paint(Scene scene, int width, int height) {
        BufferedImage image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            hints(g);
            TextPaint paint = scene.paint();
            paintBackground(g, scene);
            GeneralPath all = new GeneralPath();
            GeneralPath highlighted = new GeneralPath();
            collectOutlines(scene, all, highlighted);
            if (paint.shadowed()) {
                paintShadow(image, scene, all, highlighted);
            }
            paintHighlightBackground(g, scene);
            if (paint.stroked()) {
                g.setColor(color(paint.strokeColor()));
                g.setStroke(new BasicStroke((float) (2 * paint.strokeWidth()), BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND));
                g.draw(all);
                g.draw(highlighted);
            }
            if (paint.color().alpha() > 0) {
                g.setColor(color(paint.color()));
                g.fill(all);
            }
            if (paint.highlightColor().alpha() > 0) {
                g.setColor(color(paint.highlightColor()));
                g.fill(highlighted);
            }
            paintColourGlyphs(g, scene);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    private static boolean highlighted(Scene scene, int charIndex) {
        return charIndex >= scene.highlightStart() && charIndex < scene.highlightEnd();
    }

    /** Every outline glyph, split into the highlighted characters and the rest. */
    private static void collectOutlines(Scene scene, GeneralPath plain, GeneralPath highlighted) {
        List<TextBlockLayout.Line> lines = scene.block().lines();
        for (int i = 0; i < lines.size(); i++) {
            TextBlockLayout.Line line = lines.get(i);
            for (ShapedLine.Run run : scene.lines().get(i).runs()) {
                if (run.face().colour() != null) {
                    continue;
                }
                float x = (float) (line.x() + run.x());
                float y = (float) line.baseline();
                for (int g = 0; g < run.glyphCode().length; g++) {
                    Shape outline = run.glyphs().getGlyphOutline(g, x, y);
                    (highlighted(scene, run.charIndex()[g]) ? highlighted : plain).append(outline, false);
                }
            }
        }
    }

    private static void paintBackground(Graphics2D g, Scene scene) {
        TextPaint paint = scene.paint();
        if (paint.backgroundColor().alpha() == 0) {
            return;
        }
        g.setColor(color(paint.backgroundColor()));
        if (!paint.backgroundPerLine()) {
            g.fill(rounded(scene.box(), paint.backgroundRadius()));
            return;
        }
        for (Rectangle2D lineBox : lineBoxes(scene, paint.backgroundPadding())) {
            g.fill(rounded(lineBox, paint.backgroundRadius()));
        }
    }

    /** The content area of each non-empty line, grown by {@code padding}: where a caption's background goes. */
    static List<Rectangle2D> lineBoxes(Scene scene, double padding) {
        List<Rectangle2D> boxes = new ArrayList<>();
        TextBlockLayout.Block block = scene.block();
        for (int i = 0; i < block.lines().size(); i++) {
            TextBlockLayout.Line line = block.lines().get(i);
            ShapedLine shaped = scene.lines().get(i);
            if (shaped.width() <= 0) {
                continue;
            }
            double[] vertical = contentArea(scene, line);
            boxes.add(new Rectangle2D.Double(line.x() - padding, vertical[0] - padding,
                    shaped.width() + 2 * padding, vertical[1] - vertical[0] + 2 * padding));
        }
        return boxes;
    }

    /** Top and bottom of a line's glyph area: the primary face's ascent and descent around the baseline. */
    private static double[] contentArea(Scene scene, TextBlockLayout.Line line) {
        return new double[] {line.baseline() - scene.block().ascent(), line.baseline() + scene.block().descent()};
    }

    private static void paintHighlightBackground(Graphics2D g, Scene scene) {
        TextPaint paint = scene.paint();
        if (scene.highlightStart() < 0 || paint.highlightBackground().alpha() == 0) {
            return;
        }
        g.setColor(color(paint.highlightBackground()));
        double padding = scene.block().fontSize() * 0.12;
        for (int i = 0; i < scene.block().lines().size(); i++) {
            TextBlockLayout.Line line = scene.block().lines().get(i);
            double[] extent = scene.lines().get(i).extent(scene.highlightStart(), scene.highlightEnd());
            if (extent == null) {
                continue;
            }
            double[] vertical = contentArea(scene, line);
            Rectangle2D word = new Rectangle2D.Double(line.x() + extent[0] - padding, vertical[0],
                    extent[1] - extent[0] + 2 * padding, vertical[1] - vertical[0]);
            g.fill(rounded(word, Math.max(paint.backgroundRadius(), padding)));
        }
    }

    private static void paintColourGlyphs(Graphics2D g, Scene scene) {
        for (int i = 0; i < scene.block().lines().size(); i++) {
            TextBlockLayout.Line line = scene.block().lines().get(i);
            for (ShapedLine.Run run : scene.lines().get(i).runs()) {
                ColorBitmapGlyphs bitmaps = run.face().colour();
                if (bitmaps == null) {
                    continue;
                }
                double scale = scene.block().fontSize() / bitmaps.ppem();
                for (int k = 0; k < run.glyphCode().length; k++) {
                    ColorBitmapGlyphs.Bitmap bitmap = bitmaps.bitmap(run.glyphCode()[k]);
                    if (bitmap == null) {
                        continue;
                    }
                    double x = line.x() + run.glyphX()[k] + bitmap.bearingX() * scale;
                    double y = line.baseline() - bitmap.bearingY() * scale;
                    int w = (int) Math.round(bitmap.image().getWidth() * scale);
                    int h = (int) Math.round(bitmap.image().getHeight() * scale);
                    g.drawImage(bitmap.image(), (int) Math.round(x), (int) Math.round(y), w, h, null);
                }
            }
        }
    }

    /** The outlines (with their stroke) in the shadow colour, blurred and offset, under everything else. */
    private static void paintShadow(BufferedImage image, Scene scene, Shape plain, Shape highlighted) {
        TextPaint paint = scene.paint();
        BufferedImage shadow = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D s = shadow.createGraphics();
        try {
            hints(s);
            s.translate(paint.shadowX(), paint.shadowY());
            Rgba opaque = new Rgba(paint.shadowColor().red(), paint.shadowColor().green(), paint.shadowColor().blue(), 255);
            s.setColor(color(opaque));
            if (paint.stroked()) {
                s.setStroke(new BasicStroke((float) (2 * paint.strokeWidth()), BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND));
                s.draw(plain);
                s.draw(highlighted);
            }
            s.fill(plain);
            s.fill(highlighted);
        } finally {
            s.dispose();
        }
        if (paint.shadowBlur() > 0) {
            Blur.gaussianAlpha(shadow, paint.shadowBlur() / 2);
        }
        Graphics2D g = image.createGraphics();
        try {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, paint.shadowColor().alpha() / 255f));
            g.drawImage(shadow, 0, 0, null);
        } finally {
            g.dispose();
        }
    }

    private static Shape rounded(Rectangle2D box, double radius) {
        if (radius <= 0) {
            return box;
        }
        double r = Math.min(radius, Math.min(box.getWidth(), box.getHeight()) / 2);
        return new RoundRectangle2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight(), 2 * r, 2 * r);
    }

    static Color color(Rgba rgba) {
        return new Color(rgba.red(), rgba.green(), rgba.blue(), rgba.alpha());
    }
}
