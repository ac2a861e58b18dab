package dev.videogen.engine.captions;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SubRip (SRT) and WebVTT files into cues, within bounds: at most {@link #MAX_BYTES} bytes and
 * {@link #MAX_CUES} cues. Accepts a byte-order mark, CRLF or CR line ends, timestamps with or without hours and with
 * a comma or a dot before the milliseconds; ignores cue settings, WebVTT {@code NOTE}, {@code STYLE} and
 * {@code REGION} blocks and cue identifiers; removes markup ({@code <b>}, {@code <i>}, {@code <c.x>}, {@code <v Name>},
 * {@code {\an8}}) and decodes character references. WebVTT inline timestamps ({@code <00:00:01.500>}) give each
 * word's time.
 */
public final class SubtitleParser {

    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_CUES = 10_000;

    private static final Pattern TIMING = Pattern.compile(
            "^\\s*(\\d{1,3}(?::\\d{1,2}){1,2}(?:[.,]\\d{1,3})?)\\s*-->\\s*(\\d{1,3}(?::\\d{1,2}){1,2}(?:[.,]\\d{1,3})?)(.*)$");
    private static final Pattern TIMESTAMP = Pattern.compile("(?:(\\d{1,3}):)?(\\d{1,2}):(\\d{1,2})(?:[.,](\\d{1,3}))?");
    private static final Pattern INLINE_TIMESTAMP = Pattern.compile("<((?:\\d{1,3}:)?\\d{1,2}:\\d{1,2}[.,]\\d{1,3})>");
    private static final Pattern TAG = Pattern.compile("<[^>\\n]{0,200}>|\\{\\\\[^}\\n]{0,200}}");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|nbsp|lrm|rlm|quot|apos|#\\d{1,7}|#x[0-9a-fA-F]{1,6});");

    private SubtitleParser() {
    }

    /** Decodes and parses a file's bytes. */
    public static List<Cue> parse(byte[] bytes) throws SubtitleFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new SubtitleFormatException("is " + bytes.length + " bytes, over the limit of " + MAX_BYTES
                    + " bytes (1 MiB) for a subtitle file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SubtitleFormatException("is not UTF-8 text (SRT or WebVTT expected)");
        }
        return parse(text);
    }

    /** Parses a file's text. */
    public static List<Cue> parse(String content) throws SubtitleFormatException {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        if (text.indexOf('\0') >= 0) {
            throw new SubtitleFormatException("holds NUL characters: not a subtitle file (SRT or WebVTT expected)");
        }
        String[] lines = text.split("\n", -1);
        boolean webVtt = lines.length > 0 && (lines[0].equals("WEBVTT") || lines[0].startsWith("WEBVTT ")
                || lines[0].startsWith("WEBVTT\t"));
        List<Cue> cues = new ArrayList<>();
        int i = webVtt ? skipBlock(lines, 0) : 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            if (webVtt && (lines[i].startsWith("NOTE") || lines[i].startsWith("STYLE") || lines[i].startsWith("REGION"))
                    && !lines[i].contains("-->")) {
                i = skipBlock(lines, i);
                continue;
            }
            // an identifier (SRT's number, WebVTT's optional name) may come before the timing line
            int timingLine = lines[i].contains("-->") ? i : i + 1;
            if (timingLine >= lines.length || !lines[timingLine].contains("-->")) {
                int shown = Math.min(timingLine, lines.length - 1);
                throw new SubtitleFormatException("line " + (shown + 1) + ": expected a cue timing like "
                        + "\"00:00:01,000 --> 00:00:02,500\", found \"" + excerpt(lines[shown]) + "\"");
            }
            Matcher timing = TIMING.matcher(lines[timingLine]);
            if (!timing.matches()) {
                throw new SubtitleFormatException("line " + (timingLine + 1) + ": the cue timing \""
                        + excerpt(lines[timingLine]) + "\" is not \"start --> end\" with times like 00:00:01,000");
            }
            double start = seconds(timing.group(1), timingLine);
            double end = seconds(timing.group(2), timingLine);
            if (end <= start) {
                throw new SubtitleFormatException("line " + (timingLine + 1) + ": the cue ends ("
                        + timing.group(2) + ") before it starts (" + timing.group(1) + ")");
            }
            StringBuilder payload = new StringBuilder();
            i = timingLine + 1;
            while (i < lines.length && !lines[i].isBlank()) {
                if (!webVtt && TIMING.matcher(lines[i]).matches()) {
                    break;
                }
                if (payload.length() > 0) {
                    payload.append('\n');
                }
                payload.append(lines[i]);
                i++;
            }
            if (cues.size() == MAX_CUES) {
                throw new SubtitleFormatException("has more than " + MAX_CUES + " cues");
            }
            Cue cue = cue(start, end, payload.toString(), timingLine);
            if (!cue.text().isBlank()) {
                cues.add(cue);
            }
        }
        if (cues.isEmpty()) {
            throw new SubtitleFormatException("holds no cues (SRT or WebVTT expected)");
        }
        return cues;
    }

    private static int skipBlock(String[] lines, int from) {
        int i = from;
        while (i < lines.length && !lines[i].isBlank()) {
            i++;
        }
        return i;
    }

    private static Cue cue(double start, double end, String payload, int line) throws SubtitleFormatException {
        // split the payload at inline timestamps: each piece is spoken from its timestamp on
        List<double[]> marks = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        Matcher inline = INLINE_TIMESTAMP.matcher(payload);
        int last = 0;
        List<Integer> markOffsets = new ArrayList<>();
        while (inline.find()) {
            plain.append(clean(payload.substring(last, inline.start())));
            double at = seconds(inline.group(1), line);
            marks.add(new double[] {at});
            markOffsets.add(plain.length());
            last = inline.end();
        }
        plain.append(clean(payload.substring(last)));
        String text = plain.toString().strip();
        List<Cue.Word> words = new ArrayList<>();
        if (!marks.isEmpty()) {
            List<int[]> spans = wordSpans(plain.toString());
            for (int w = 0; w < spans.size(); w++) {
                int[] span = spans.get(w);
                double wordStart = start;
                for (int m = 0; m < markOffsets.size(); m++) {
                    if (markOffsets.get(m) <= span[0]) {
                        wordStart = Math.max(start, Math.min(end, marks.get(m)[0]));
                    }
                }
                words.add(new Cue.Word(wordStart, end, plain.substring(span[0], span[1])));
            }
            for (int w = 0; w + 1 < words.size(); w++) {
                Cue.Word word = words.get(w);
                double next = Math.max(word.start(), words.get(w + 1).start());
                words.set(w, new Cue.Word(word.start(), next, word.text()));
            }
        }
        return new Cue(start, end, text, words);
    }

    /** Start and end offsets of each whitespace-separated word of {@code text}. */
    public static List<int[]> wordSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                spans.add(new int[] {start, i});
            }
        }
        return spans;
    }

    /** Markup removed and character references decoded. */
    static String clean(String payload) {
        String withoutTags = TAG.matcher(payload).replaceAll("");
        Matcher entity = ENTITY.matcher(withoutTags);
        StringBuilder out = new StringBuilder();
        while (entity.find()) {
            String name = entity.group(1);
            String replacement = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "nbsp" -> "\u00A0";
                case "lrm" -> "\u200E";
                case "rlm" -> "\u200F";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> codePoint(name);
            };
            entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        entity.appendTail(out);
        return out.toString();
    }

    private static String codePoint(String reference) {
        int value = reference.startsWith("#x") ? Integer.parseInt(reference.substring(2), 16)
                : Integer.parseInt(reference.substring(1));
        if (!Character.isValidCodePoint(value) || value == 0 || value >= 0xD800 && value <= 0xDFFF) {
            return "\uFFFD";
        }
        return new String(Character.toChars(value));
    }

    private static double seconds(String timestamp, int line) throws SubtitleFormatException {
        Matcher m = TIMESTAMP.matcher(timestamp.trim());
        if (!m.matches()) {
            throw new SubtitleFormatException("line " + (line + 1) + ": \"" + excerpt(timestamp)
                    + "\" is not a time like 00:00:01,000");
        }
        int hours = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int minutes = Integer.parseInt(m.group(2));
        int secs = Integer.parseInt(m.group(3));
        if (minutes > 59 || secs > 59) {
            throw new SubtitleFormatException("line " + (line + 1) + ": \"" + excerpt(timestamp)
                    + "\" has minutes or seconds over 59");
        }
        String fraction = m.group(4) == null ? "0" : m.group(4);
        double millis = Integer.parseInt(fraction) * Math.pow(10, 3 - fraction.length());
        return hours * 3600 + minutes * 60 + secs + millis / 1000.0;
    }

    private static String excerpt(String line) {
        String shown = line.length() > 60 ? line.substring(0, 60) + "…" : line;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
