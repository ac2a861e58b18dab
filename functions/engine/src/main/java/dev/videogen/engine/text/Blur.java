package dev.videogen.engine.text;

import java.awt.image.BufferedImage;

/** A Gaussian blur of an image's alpha channel (colour kept), approximated by three box blurs per direction. */
final class Blur {

    private Blur() {
    }

    /** Blurs the alpha of {@code image} in place with standard deviation {@code sigma} pixels. */
    static void gaussianAlpha(BufferedImage image, double sigma) {
        if (sigma <= 0) {
            return;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        int[] alpha = new int[argb.length];
        int colour = 0;
        for (int i = 0; i < argb.length; i++) {
            alpha[i] = argb[i] >>> 24;
            if (alpha[i] > 0) {
                colour = argb[i] & 0xFFFFFF;
            }
        }
        // three boxes of these widths have the variance of a Gaussian of this sigma
        int[] boxes = boxSizes(sigma, 3);
        int[] scratch = new int[alpha.length];
        for (int box : boxes) {
            int radius = (box - 1) / 2;
            horizontal(alpha, scratch, width, height, radius);
            vertical(scratch, alpha, width, height, radius);
        }
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (Math.min(255, alpha[i]) << 24) | colour;
        }
        image.setRGB(0, 0, width, height, argb, 0, width);
    }

    static int[] boxSizes(double sigma, int count) {
        double ideal = Math.sqrt(12 * sigma * sigma / count + 1);
        int lower = (int) Math.floor(ideal);
        if (lower % 2 == 0) {
            lower--;
        }
        int upper = lower + 2;
        double m = (12 * sigma * sigma - count * lower * lower - 4.0 * count * lower - 3 * count) / (-4.0 * lower - 4);
        long atLower = Math.round(m);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = i < atLower ? lower : upper;
        }
        return sizes;
    }

    private static void horizontal(int[] in, int[] out, int width, int height, int radius) {
        double scale = 1.0 / (2 * radius + 1);
        for (int y = 0; y < height; y++) {
            int row = y * width;
            long sum = 0;
            for (int x = -radius; x <= radius; x++) {
                sum += x >= 0 && x < width ? in[row + x] : 0;
            }
            for (int x = 0; x < width; x++) {
                out[row + x] = (int) Math.round(sum * scale);
                int leaving = x - radius;
                int entering = x + radius + 1;
                sum += (entering < width ? in[row + entering] : 0) - (leaving >= 0 ? in[row + leaving] : 0);
            }
        }
    }

    private static void vertical(int[] in, int[] out, int width, int height, int radius) {
        double scale = 1.0 / (2 * radius + 1);
        for (int x = 0; x < width; x++) {
            long sum = 0;
            for (int y = -radius; y <= radius; y++) {
                sum += y >= 0 && y < height ? in[y * width + x] : 0;
            }
            for (int y = 0; y < height; y++) {
                out[y * width + x] = (int) Math.round(sum * scale);
                int leaving = y - radius;
                int entering = y + radius + 1;
                sum += (entering < height ? in[entering * width + x] : 0) - (leaving >= 0 ? in[leaving * width + x] : 0);
            }
        }
    }
}
