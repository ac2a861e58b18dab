package dev.videogen.engine.model;

import java.util.Optional;

/** What an element is; decides which fields apply to it. */
public enum ElementType {
    VIDEO(true, true, true),
    IMAGE(true, false, true),
    AUDIO(false, true, true),
    TEXT(true, false, false),
    OVERLAY(true, false, true),
    /** Timed subtitles: cues from a subtitle file named by {@code source} (fetched apart from media) or inline. */
    CAPTION(true, false, false);

    private final boolean visual;
    private final boolean timedMedia;
    private final boolean needsSource;

    ElementType(boolean visual, boolean timedMedia, boolean needsSource) {
        this.visual = visual;
        this.timedMedia = timedMedia;
        this.needsSource = needsSource;
    }

    /** Drawn on the frame: has a box, a fit mode and an opacity. */
    public boolean visual() {
        return visual;
    }

    /** Video or audio: has a natural length, can be trimmed, looped and have its volume set. */
    public boolean timedMedia() {
        return timedMedia;
    }

    /** Read from a media {@code source} URL (everything but text and captions, whose source is a subtitle file). */
    public boolean needsSource() {
        return needsSource;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<ElementType> fromWireName(String name) {
        for (ElementType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
