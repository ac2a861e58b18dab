package dev.videogen.engine.text;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * A reference renderer nobody here wrote: Debian's Chromium draws a string with the same font files (through
 * {@code @font-face}, in the same fallback order) white on black, and the screenshot is compared with ours.
 */
final class ChromiumReference {

    private final Path binary;
    private final Path directory;
    private int pages;

    private ChromiumReference(Path binary, Path directory) {
        this.binary = binary;
        this.directory = directory;
    }

    /** The installed Chromium, if any ({@code .ci/run} installs Debian's package). */
    static Optional<ChromiumReference> find(Path directory) {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(new ChromiumReference(path, directory));
            }
        }
        return Optional.empty();
    }

    /**
     * Draws each of {@code texts} on a line of its own, {@code rowHeight} pixels apart, at {@code sizePixels} with the
     * faces in {@code fontFiles} (the first is the primary face), white on black, left edge at x 20, in one page;
     * returns each row cut out as an image {@code width} wide.
     */
    List<BufferedImage> drawRows(List<String> texts, List<Path> fontFiles, double sizePixels, double letterSpacing,
                                 int width, int rowHeight) throws IOException, InterruptedException {
        StringBuilder css = new StringBuilder("html,body{margin:0;padding:0;background:#000;overflow:hidden}");
        StringBuilder families = new StringBuilder();
        for (int i = 0; i < fontFiles.size(); i++) {
            css.append(String.format(Locale.ROOT, "@font-face{font-family:'ref%d';src:url('%s');}", i,
                    fontFiles.get(i).toUri()));
            families.append(i == 0 ? "" : ",").append("'ref").append(i).append('\'');
        }
        css.append(String.format(Locale.ROOT, "div{position:absolute;left:20px;white-space:pre;color:#fff;"
                + "font-family:%s;font-size:%spx;line-height:1.2;letter-spacing:%spx;font-kerning:normal}",
                families, sizePixels, letterSpacing));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            body.append(String.format(Locale.ROOT, "<div style='top:%dpx'>%s</div>", i * rowHeight + 10,
                    escape(texts.get(i))));
        }
        String html = "<!doctype html><html><head><meta charset='utf-8'><style>" + css + "</style></head><body>"
                + body + "</body></html>";
        int page = pages++;
        Path file = directory.resolve("reference-" + page + ".html");
        Path shot = directory.resolve("reference-" + page + ".png");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        int pageHeight = texts.size() * rowHeight;
        // the window's height includes room the headless browser keeps for its own bar: ask for plenty more
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--virtual-time-budget=5000",
                "--user-data-dir=" + directory.resolve("chromium-profile-" + page),
                "--window-size=" + width + "," + (pageHeight + 300), "--screenshot=" + shot, file.toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("chromium-" + page + ".log").toFile());
        builder.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:");
        Process chromium = builder.start();
        if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new IOException("chromium did not finish; see " + directory.resolve("chromium-" + page + ".log"));
        }
        BufferedImage image = ImageIO.read(shot.toFile());
        if (image == null || image.getHeight() < pageHeight) {
            throw new IOException("chromium wrote no full screenshot; see " + directory.resolve("chromium-" + page + ".log"));
        }
        List<BufferedImage> rows = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(image.getSubimage(0, i * rowHeight, width, rowHeight));
        }
        return rows;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
