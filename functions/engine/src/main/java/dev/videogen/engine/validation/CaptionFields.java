package dev.videogen.engine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.captions.Cue;
import dev.videogen.engine.captions.SubtitleParser;
import dev.videogen.engine.model.CaptionOptions;
import dev.videogen.engine.model.Rgba;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The fields of a caption element: its inline cues (or none when a subtitle file is the source) and highlight. */
final class CaptionFields {

    static final int MAX_LINES = 20;
    private static final Set<String> CUE_FIELDS = Set.of("start", "end", "text", "words");
    private static final Set<String> WORD_FIELDS = Set.of("start", "end", "text");

    private CaptionFields() {
    }

    /**
     * Reads a caption element's own fields; {@code hasSource} says whether it names a subtitle file, which excludes
     * inline {@code captions}.
     */
    static CaptionOptions read(JsonNode node, String path, boolean hasSource, Problems problems) {
        List<Cue> cues = List.of();
        JsonNode inline = node.get("captions");
        boolean hasInline = inline != null && !inline.isNull();
        if (hasSource && hasInline) {
            problems.add(path + ".captions", "cannot be given together with source: use one or the other");
        } else if (!hasSource && !hasInline) {
            problems.add(path + ".source", "is required for caption elements unless captions are given inline: "
                    + "an SRT or WebVTT file");
        } else if (hasInline) {
            cues = cues(inline, path + ".captions", problems);
        }
        int maxLines = JsonFields.intField(node, "max_lines", path + ".max_lines", 2, 1, MAX_LINES, problems);
        Rgba highlight = JsonFields.colorField(node, "highlight_color", path + ".highlight_color",
                CaptionOptions.DEFAULT_HIGHLIGHT, true, problems);
        Rgba highlightBackground = JsonFields.colorField(node, "highlight_background", path + ".highlight_background",
                Rgba.TRANSPARENT, true, problems);
        return new CaptionOptions(cues, maxLines, highlight, highlightBackground);
    }

    private static List<Cue> cues(JsonNode node, String field, Problems problems) {
        List<Cue> cues = new ArrayList<>();
        if (!node.isArray() || node.isEmpty()) {
            problems.add(field, "must be a non-empty array of {\"start\", \"end\", \"text\"} cues");
            return cues;
        }
        if (node.size() > SubtitleParser.MAX_CUES) {
            problems.add(field, "must hold at most " + SubtitleParser.MAX_CUES + " cues; got " + node.size());
            return cues;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = field + "[" + i + "]";
            JsonNode cue = node.get(i);
            if (!cue.isObject()) {
                problems.add(path, "must be an object with start, end and text");
                continue;
            }
            int before = problems.size();
            JsonFields.rejectUnknownFields(cue, CUE_FIELDS, path + ".", problems);
            double start = required(cue, "start", path, problems);
            double end = required(cue, "end", path, problems);
            if (problems.size() == before && end <= start) {
                problems.add(path + ".end", "must be after start (" + JsonFields.format(start) + ")");
            }
            String text = TextFields.text(cue.get("text"), path + ".text", problems);
            List<Cue.Word> words = words(cue.get("words"), path + ".words", problems);
            if (problems.size() == before) {
                cues.add(new Cue(start, end, text, words));
            }
        }
        return cues;
    }

    private static List<Cue.Word> words(JsonNode node, String field, Problems problems) {
        List<Cue.Word> words = new ArrayList<>();
        if (node == null || node.isNull()) {
            return words;
        }
        if (!node.isArray()) {
            problems.add(field, "must be an array of {\"start\", \"end\", \"text\"} words");
            return words;
        }
        if (node.size() > Limits.MAX_TEXT_CODE_POINTS) {
            problems.add(field, "must hold at most " + Limits.MAX_TEXT_CODE_POINTS + " words");
            return words;
        }
        double previous = -1;
        for (int i = 0; i < node.size(); i++) {
            String path = field + "[" + i + "]";
            JsonNode word = node.get(i);
            if (!word.isObject()) {
                problems.add(path, "must be an object with start, end and text");
                continue;
            }
            int before = problems.size();
            JsonFields.rejectUnknownFields(word, WORD_FIELDS, path + ".", problems);
            double start = required(word, "start", path, problems);
            double end = required(word, "end", path, problems);
            String text = TextFields.text(word.get("text"), path + ".text", problems);
            if (problems.size() > before) {
                continue;
            }
            if (end < start) {
                problems.add(path + ".end", "must not be before start (" + JsonFields.format(start) + ")");
            } else if (start < previous) {
                problems.add(path + ".start", "must not be before the previous word's start");
            } else {
                words.add(new Cue.Word(start, end, text));
                previous = start;
            }
        }
        return words;
    }

    private static double required(JsonNode node, String name, String path, Problems problems) {
        if (!JsonFields.present(node, name)) {
            problems.add(path + "." + name, "is required: seconds from the element's start");
            return 0;
        }
        return JsonFields.millis(JsonFields.number(node, name, path + "." + name, 0, 0, Limits.MAX_TIME_SECONDS,
                problems));
    }
}
