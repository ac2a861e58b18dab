package dev.videogen.engine.text;

import java.awt.image.BufferedImage;

/**
 * Where an image has ink (light pixels on black): the bounding box and the amount of ink in each column and row,
 * resampled to a fixed length so that two renderings of one string can be compared whatever their position.
 */
record InkProfile(int left, int top, int right, int bottom, double[] columns, double[] rows) {

    static final int SAMPLES = 200;

    static InkProfile of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        double[][] ink = new double[height][width];
        int left = width;
        int right = -1;
        int top = height;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int argb = image.getRGB(x, y);
                double alpha = ((argb >>> 24) & 0xff) / 255.0;
                double light = (((argb >> 16) & 0xff) + ((argb >> 8) & 0xff) + (argb & 0xff)) / (3 * 255.0);
                double value = alpha * light;
                ink[y][x] = value;
                if (value > 0.25) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            return new InkProfile(0, 0, -1, -1, new double[SAMPLES], new double[SAMPLES]);
        }
        double[] columns = new double[right - left + 1];
        double[] rows = new double[bottom - top + 1];
        for (int y = top; y <= bottom; y++) {
            for (int x = left; x <= right; x++) {
                columns[x - left] += ink[y][x];
                rows[y - top] += ink[y][x];
            }
        }
        return new InkProfile(left, top, right, bottom, resample(columns), resample(rows));
    }

    int width() {
        return right - left + 1;
    }

    int height() {
        return bottom - top + 1;
    }

    /** Pearson correlation of the column profiles. */
    double columnSimilarity(InkProfile other) {
        return correlation(columns, other.columns);
    }

    double rowSimilarity(InkProfile other) {
        return correlation(rows, other.rows);
    }

    private static double[] resample(double[] values) {
        double[] out = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            double from = (double) i * values.length / SAMPLES;
            double to = (double) (i + 1) * values.length / SAMPLES;
            double sum = 0;
            for (int k = (int) Math.floor(from); k < Math.ceil(to) && k < values.length; k++) {
                double overlap = Math.min(to, k + 1) - Math.max(from, k);
                sum += values[k] * Math.max(0, overlap);
            }
            out[i] = sum / (to - from);
        }
        return out;
    }

    static double correlation(double[] a, double[] b) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= a.length;
        meanB /= b.length;
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varA == 0 || varB == 0 ? 0 : cov / Math.sqrt(varA * varB);
    }
}
