package dev.videogen.engine.text;

import dev.videogen.engine.model.Fonts;
import dev.videogen.engine.model.TextAlign;
import dev.videogen.engine.model.VerticalAlign;
import dev.videogen.engine.plan.FontCatalog;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ScriptProbeTest {

    @Test
    void probe() throws Exception {
        Path dir = Path.of("/tmp/textwork/probe");
        java.nio.file.Files.createDirectories(dir);
        Path fonts = FontCatalog.fontDirectory(null, dir.resolve("fonts"));
        FontLibrary library = FontLibrary.of(fonts);
        ChromiumReference chromium = ChromiumReference.find(dir).orElseThrow();
        String[] samples = {"Hello, World", "שלום עולם", "مرحبا بالعالم", "Hello שלום 123 world",
            "क्षत्रिय हिन्दी भाषा", "বাংলা ভাষা ক্ষমা", "ภาษาไทย สวัสดีครับ", "你好世界 こんにちは 한국어",
            "Hi 😀👍🏽👨‍👩‍👧 🇫🇷"};
        List<Path> files = new ArrayList<>();
        files.add(fonts.resolve(Fonts.fileName("Noto Sans")));
        for (String family : Fonts.FALLBACK_ORDER) {
            if (!family.equals("Noto Sans")) {
                files.add(fonts.resolve(Fonts.fileName(family)));
            }
        }
        List<BufferedImage> rows = chromium.drawRows(List.of(samples), files, 48, 0, 800, 120);
        int i = 0;
        for (String sample : samples) {
            FontStack stack = library.stack("Noto Sans", false, false);
            TextStyle style = new TextStyle(stack, 48, 1.2, 0, TextAlign.LEFT, VerticalAlign.TOP, 0);
            TextDrawing drawing = TextDrawing.lay(sample, style, TextPaint.PLAIN, 760, 100);
            BufferedImage ours = drawing.paint();
            BufferedImage theirs = rows.get(i);
            BufferedImage cmp = new BufferedImage(800, 240, BufferedImage.TYPE_INT_RGB);
            Graphics2D cg = cmp.createGraphics();
            cg.drawImage(theirs, 0, 0, null);
            cg.drawImage(ours, 20, 130, null);
            cg.dispose();
            ImageIO.write(cmp, "png", dir.resolve("cmp-" + i + ".png").toFile());
            InkProfile a = InkProfile.of(ours);
            InkProfile b = InkProfile.of(theirs);
            BufferedImage naive = naive(sample, library.stack("Noto Sans", false, false));
            InkProfile c = InkProfile.of(naive);
            ImageIO.write(naive, "png", dir.resolve("naive-" + i + ".png").toFile());
            System.out.printf("%d %s ours %dx%d theirs %dx%d cols %.3f rows %.3f naive %dx%d cols %.3f missing %d%n", i, sample,
                    a.width(), a.height(), b.width(), b.height(), a.columnSimilarity(b), a.rowSimilarity(b),
                    c.width(), c.height(), c.columnSimilarity(b), drawing.missingGlyphs());
            i++;
        }
    }

    static BufferedImage naive(String text, FontStack stack) {
        BufferedImage image = new BufferedImage(800, 120, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        float x = 20;
        for (int k = 0; k < text.length(); ) {
            int cp = text.codePointAt(k);
            String one = new String(Character.toChars(cp));
            Font font = null;
            for (FontFace face : stack.faces()) {
                if (face.covers(cp)) {
                    font = face.font().deriveFont(48f);
                    break;
                }
            }
            if (font == null) {
                font = stack.primary().font().deriveFont(48f);
            }
            var gv = font.createGlyphVector(g.getFontRenderContext(), one);
            g.fill(gv.getOutline(x, 70));
            x += (float) gv.getGlyphPosition(gv.getNumGlyphs()).getX();
            k += Character.charCount(cp);
        }
        g.dispose();
        return image;
    }
}
