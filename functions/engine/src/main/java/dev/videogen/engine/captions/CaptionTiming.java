package dev.videogen.engine.captions;

import java.util.ArrayList;
import java.util.List;

/**
 * When each page of each cue shows and which word is highlighted meanwhile. Pure: a cue's pages are given as word
 * counts (the layout decides them), times are seconds on the output.
 *
 * <p>A cue split into pages shows them one after another: with word times each page starts when its first word is
 * spoken (the first page at the cue's start), otherwise the cue's time is shared in proportion to the pages' word
 * counts. With word times each word is highlighted from its start to its end; between words nothing is.
 */
public final class CaptionTiming {

    /**
     * One picture of the caption: page {@code page} of cue {@code cue}, with word {@code word} of the page
     * highlighted ({@code -1}: none), shown over {@code [start, end)}.
     */
    public record State(double start, double end, int cue, int page, int word) {
    }

    private CaptionTiming() {
    }

    /**
     * The states of every cue, in time order, clipped to {@code [windowStart, windowEnd)}; cues that overlap are cut
     * where the next one starts.
     *
     * @param cues         cues on the output timeline
     * @param wordsPerPage for each cue, the number of words on each of its pages
     */
    public static List<State> states(List<Cue> cues, List<int[]> wordsPerPage, double windowStart,
                                     double windowEnd) {
        List<State> states = new ArrayList<>();
        for (int c = 0; c < cues.size(); c++) {
            Cue cue = cues.get(c);
            double cueEnd = cue.end();
            if (c + 1 < cues.size()) {
                // a later cue replaces this one when it starts
                cueEnd = Math.min(cueEnd, Math.max(cue.start(), cues.get(c + 1).start()));
            }
            List<State> own = cueStates(cue, c, wordsPerPage.get(c), cueEnd);
            for (State state : own) {
                double start = Math.max(state.start(), windowStart);
                double end = Math.min(state.end(), windowEnd);
                if (end - start > 1e-9) {
                    states.add(new State(start, end, state.cue(), state.page(), state.word()));
                }
            }
        }
        return states;
    }

    private static List<State> cueStates(Cue cue, int index, int[] pages, double cueEnd) {
        List<State> states = new ArrayList<>();
        int totalWords = 0;
        for (int count : pages) {
            totalWords += count;
        }
        boolean timed = !cue.words().isEmpty();
        double[] pageStart = new double[pages.length + 1];
        int firstWord = 0;
        for (int p = 0; p < pages.length; p++) {
            if (p == 0) {
                pageStart[p] = cue.start();
            } else if (timed && firstWord < cue.words().size()) {
                pageStart[p] = clamp(cue.words().get(firstWord).start(), pageStart[p - 1], cueEnd);
            } else {
                double share = totalWords == 0 ? (double) p / pages.length : (double) firstWord / totalWords;
                pageStart[p] = clamp(cue.start() + (cue.end() - cue.start()) * share, pageStart[p - 1], cueEnd);
            }
            firstWord += pages[p];
        }
        pageStart[pages.length] = cueEnd;
        firstWord = 0;
        for (int p = 0; p < pages.length; p++) {
            double start = pageStart[p];
            double end = pageStart[p + 1];
            if (end - start <= 1e-9) {
                firstWord += pages[p];
                continue;
            }
            if (!timed) {
                states.add(new State(start, end, index, p, -1));
                firstWord += pages[p];
                continue;
            }
            double cursor = start;
            for (int w = 0; w < pages[p]; w++) {
                int global = firstWord + w;
                if (global >= cue.words().size()) {
                    break;
                }
                Cue.Word word = cue.words().get(global);
                double wordStart = clamp(word.start(), cursor, end);
                double wordEnd = clamp(word.end(), wordStart, end);
                if (w + 1 < pages[p] && global + 1 < cue.words().size()) {
                    wordEnd = Math.min(wordEnd, clamp(cue.words().get(global + 1).start(), wordStart, end));
                }
                if (wordStart - cursor > 1e-9) {
                    states.add(new State(cursor, wordStart, index, p, -1));
                }
                if (wordEnd - wordStart > 1e-9) {
                    states.add(new State(wordStart, wordEnd, index, p, w));
                }
                cursor = Math.max(cursor, wordEnd);
            }
            if (end - cursor > 1e-9) {
                states.add(new State(cursor, end, index, p, -1));
            }
            firstWord += pages[p];
        }
        return states;
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
