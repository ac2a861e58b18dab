package dev.videogen.engine.text;

/** Character classes that decide how text is split into runs of one face. */
final class Scripts {

    private Scripts() {
    }

    /** Marks, joiners, variation selectors, emoji modifiers and tags: they belong to the character before them. */
    static boolean continuesCluster(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || cp == 0x200C || cp == 0x200D
                || cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF
                || cp >= 0x1F3FB && cp <= 0x1F3FF
                || cp >= 0xE0020 && cp <= 0xE007F;
    }

    /** Spaces, punctuation and symbols shared by every script: kept in the face of the run around them. */
    static boolean common(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return switch (type) {
            case Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.CONNECTOR_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.DECIMAL_DIGIT_NUMBER, Character.MATH_SYMBOL,
                 Character.CURRENCY_SYMBOL -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.COMMON;
            default -> false;
        };
    }

    /**
     * Whether {@code cp} is shown as a colour emoji: characters whose default presentation is emoji, and any
     * character followed by the emoji variation selector U+FE0F (keycaps, hearts).
     */
    static boolean emojiPresentation(int cp, int next) {
        if (next == 0xFE0F) {
            return true;
        }
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF || cp >= 0x1F300 && cp <= 0x1F64F || cp >= 0x1F680 && cp <= 0x1F6FF
                || cp >= 0x1F900 && cp <= 0x1F9FF || cp >= 0x1FA70 && cp <= 0x1FAFF || cp == 0x1F004
                || cp == 0x1F0CF || cp == 0x1F18E || cp >= 0x1F191 && cp <= 0x1F19A || cp == 0x1F201
                || cp == 0x1F21A || cp == 0x1F22F || cp >= 0x1F232 && cp <= 0x1F236 || cp >= 0x1F238 && cp <= 0x1F23A
                || cp == 0x1F250 || cp == 0x1F251) {
            return true;
        }
        return switch (cp) {
            case 0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615,
                 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26D4, 0x26EA,
                 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728, 0x274C, 0x274E, 0x2753,
                 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50,
                 0x2B55 -> true;
            default -> cp >= 0x2648 && cp <= 0x2653;
        };
    }
}
