package dev.videogen.engine.text;

import java.util.List;

/**
 * The faces a text is drawn with, in order of preference: the requested face first, then the bundled fallbacks. Each
 * character goes to the first face that has it, except that marks, joiners and selectors stay with the character
 * they modify, spaces and punctuation stay in the run they are in, and emoji go to the colour emoji face.
 *
 * @param faces      faces in order of preference; the first is the primary face whose metrics set the lines
 * @param bold       whether bold is wanted
 * @param italic     whether italic is wanted
 */
public record FontStack(List<FontFace> faces, boolean bold, boolean italic) {

    public FontStack {
        faces = List.copyOf(faces);
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("a font stack needs at least one face");
        }
    }

    public FontFace primary() {
        return faces.get(0);
    }

    /**
     * The index of the face that draws {@code codePoint}.
     *
     * @param previous the face of the character before it on the line, or -1 at the start
     * @param next     the code point after it, or -1 at the end
     */
    int faceFor(int codePoint, int previous, int next) {
        if (previous >= 0 && Scripts.continuesCluster(codePoint)) {
            return previous;
        }
        if (Scripts.emojiPresentation(codePoint, next)) {
            for (int i = 0; i < faces.size(); i++) {
                if (faces.get(i).colour() != null && faces.get(i).covers(codePoint)) {
                    return i;
                }
            }
        }
        if (previous >= 0 && Scripts.common(codePoint) && faces.get(previous).covers(codePoint)
                && faces.get(previous).colour() == null) {
            return previous;
        }
        for (int i = 0; i < faces.size(); i++) {
            FontFace face = faces.get(i);
            if (face.colour() == null && face.covers(codePoint)) {
                return i;
            }
        }
        for (int i = 0; i < faces.size(); i++) {
            if (faces.get(i).covers(codePoint)) {
                return i;
            }
        }
        // nothing has it: the primary face draws its missing-glyph box, which the layout counts
        return 0;
    }
}
