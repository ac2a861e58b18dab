package dev.videogen.engine.captions;

import java.util.List;

/**
 * One subtitle: its text (tags removed, line breaks kept) shown from {@code start} to {@code end} seconds, and, when
 * known, the time each word is spoken.
 *
 * @param start seconds
 * @param end   seconds, after {@code start}
 * @param text  the text as drawn
 * @param words the spoken words in order with their times, or empty when unknown
 */
public record Cue(double start, double end, String text, List<Word> words) {

    public Cue {
        words = List.copyOf(words);
    }

    /**
     * A word and when it is spoken.
     *
     * @param start seconds
     * @param end   seconds
     * @param text  the word as it appears in the cue's text
     */
    public record Word(double start, double end, String text) {
    }

    /** This cue moved by {@code seconds} (words too). */
    public Cue shifted(double seconds) {
        return new Cue(start + seconds, end + seconds, text,
                words.stream().map(w -> new Word(w.start() + seconds, w.end() + seconds, w.text())).toList());
    }
}
