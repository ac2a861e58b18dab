package dev.videogen.engine.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * A real browser's rendering of a page: Debian's {@code chromium}, headless, at a device scale of 1, as the reference
 * for CSS layout ({@code object-fit}, {@code transform}). {@code .ci/run} installs it. Headless Chromium uses a
 * throw-away profile of its own (given one with {@code --user-data-dir}, it draws transformed boxes as a dot).
 */
public final class Browser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Browser() {
    }

    /** A screenshot of {@code html} in a {@code width × height} viewport; the page's files are in {@code directory}. */
    public static BufferedImage screenshot(Path directory, String html, int width, int height) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("chromium is needed as the CSS reference: apt-get install chromium");
        }
        try {
            Path page = Files.createTempFile(directory, "page", ".html");
            Path shot = Files.createTempFile(directory, "shot", ".png");
            Files.writeString(page, html);
            Process process = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
                    "--window-size=" + width + "," + height, "--screenshot=" + shot, page.toUri().toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not finish in 120 s");
            }
            BufferedImage image = ImageIO.read(shot.toFile());
            if (image == null || image.getWidth() != width || image.getHeight() != height) {
                throw new IllegalStateException("chromium gave no " + width + "x" + height + " screenshot");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
