package dev.videogen.local;

import dev.videogen.engine.RenderStep;
import java.io.PrintStream;
import java.util.Locale;

/** Shows render progress: a redrawn bar on a terminal, a line per step or per ten percent otherwise. */
abstract class ProgressDisplay {

    static ProgressDisplay create(RenderCommand.ProgressStyle style, PrintStream out) {
        return switch (style) {
            case BAR -> new Bar(out);
            case LINES -> new Lines(out);
            case NONE -> new ProgressDisplay() {
                @Override
                void update(RenderStep step, double percent) {
                }

                @Override
                void finish() {
                }
            };
        };
    }

    abstract void update(RenderStep step, double percent);

    abstract void finish();

    private static final class Bar extends ProgressDisplay {
        private static final int WIDTH = 30;
        private final PrintStream out;

        Bar(PrintStream out) {
            this.out = out;
        }

        @Override
        synchronized void update(RenderStep step, double percent) {
            int filled = (int) Math.round(percent / 100 * WIDTH);
            out.printf(Locale.ROOT, "\r[%s%s] %3.0f%% %-12s", "#".repeat(filled), ".".repeat(WIDTH - filled), percent,
                    step.wireName());
            out.flush();
        }

        @Override
        synchronized void finish() {
            out.println();
        }
    }

    private static final class Lines extends ProgressDisplay {
        private final PrintStream out;
        private RenderStep lastStep;
        private int lastTenth = -1;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        synchronized void update(RenderStep step, double percent) {
            int tenth = (int) (percent / 10);
            if (step != lastStep || tenth != lastTenth) {
                out.printf(Locale.ROOT, "%-12s %3.0f%%%n", step.wireName(), percent);
                lastStep = step;
                lastTenth = tenth;
            }
        }

        @Override
        synchronized void finish() {
            out.flush();
        }
    }
}
