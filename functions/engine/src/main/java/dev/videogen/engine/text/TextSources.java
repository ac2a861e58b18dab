package dev.videogen.engine.text;

import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.RenderException;
import dev.videogen.engine.captions.Cue;
import dev.videogen.engine.captions.SubtitleFormatException;
import dev.videogen.engine.captions.SubtitleParser;
import dev.videogen.engine.media.FetchedSource;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.engine.media.SourceFetcher;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.validation.InvalidRequestException;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sources text elements read besides media: a caption's subtitle file ({@code source}, at most 1 MiB, SRT or
 * WebVTT) and a {@code font_url} (at most 20 MB, TrueType or OpenType recognised from its first bytes). Both are
 * fetched through the same fetcher as media, so the same address rules apply; what cannot be used is refused naming
 * the field.
 */
public final class TextSources {

    public static final long MAX_FONT_BYTES = 20L * 1024 * 1024;

    /** What the text elements of one render read: cues by element id, faces by element id. */
    public record Fetched(Map<String, List<Cue>> cues, Map<String, FontFace> fonts) {
    }

    private final SourceFetcher fetcher;

    public TextSources(SourceFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Fetches and reads every subtitle file and font of {@code elements} into {@code directory}. */
    public Fetched fetch(List<Element> elements, Path directory) {
        Map<String, List<Cue>> cues = new HashMap<>();
        Map<String, FontFace> fonts = new HashMap<>();
        Map<String, List<Cue>> cuesBySource = new HashMap<>();
        Map<String, FontFace> fontsBySource = new HashMap<>();
        int sequence = 0;
        for (Element element : elements) {
            if (element.type() == ElementType.CAPTION && element.source() != null) {
                List<Cue> read = cuesBySource.get(element.source());
                if (read == null) {
                    read = subtitles(element, directory.resolve("subtitles-" + sequence++));
                    cuesBySource.put(element.source(), read);
                }
                cues.put(element.id(), read);
            }
            String fontUrl = element.drawsText() ? element.textOptions().fontUrl() : null;
            if (fontUrl != null) {
                FontFace face = fontsBySource.get(fontUrl);
                if (face == null) {
                    face = font(element, fontUrl, directory.resolve("font-" + sequence++));
                    fontsBySource.put(fontUrl, face);
                }
                fonts.put(element.id(), face);
            }
        }
        return new Fetched(cues, fonts);
    }

    private List<Cue> subtitles(Element element, Path target) {
        String field = element.path() + ".source";
        FetchedSource fetched = fetch(element, element.source(), field, target, SubtitleParser.MAX_BYTES);
        try {
            return SubtitleParser.parse(Files.readAllBytes(fetched.file()));
        } catch (SubtitleFormatException e) {
            throw new InvalidRequestException(field, "is not a usable subtitle file: " + e.getMessage());
        } catch (IOException e) {
            throw new RenderException(ErrorCode.PROCESSING_FAILED, "the subtitle file could not be read", null,
                    false, e);
        }
    }

    private FontFace font(Element element, String url, Path target) {
        String field = element.path() + ".font_url";
        FetchedSource fetched = fetch(element, url, field, target, MAX_FONT_BYTES);
        try {
            if (!isTrueTypeOrOpenType(fetched.file())) {
                throw new InvalidRequestException(field, "is not a TrueType or OpenType font file (.ttf or .otf)");
            }
            return FontFace.load("font_url of " + element.id(), fetched.file(), false, false);
        } catch (FontFormatException e) {
            throw new InvalidRequestException(field, "is a font file that cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw new RenderException(ErrorCode.PROCESSING_FAILED, "the font file could not be read", null, false, e);
        }
    }

    /** TrueType ({@code 00 01 00 00} or {@code true}) and OpenType ({@code OTTO}) files; collections are refused. */
    static boolean isTrueTypeOrOpenType(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        }
        String tag = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        return head[0] == 0 && head[1] == 1 && head[2] == 0 && head[3] == 0 || tag.equals("OTTO")
                || tag.equals("true");
    }

    private FetchedSource fetch(Element element, String source, String field, Path target, long maxBytes) {
        try {
            return fetcher.fetch(source, target, maxBytes);
        } catch (SourceFetchException e) {
            String message = element.path() + " (" + element.id() + "): " + e.getMessage();
            throw switch (e.reason()) {
                case REFUSED, TOO_LARGE -> new InvalidRequestException(field, e.getMessage());
                case TIMEOUT -> new RenderException(ErrorCode.NETWORK_TIMEOUT, message, null, true, e);
                case DISK_FULL -> new RenderException(ErrorCode.INSUFFICIENT_STORAGE, message, null, false, e);
                case UNAVAILABLE -> new RenderException(ErrorCode.SOURCE_DOWNLOAD_FAILED, message, null, true, e);
                case HTTP_ERROR -> new RenderException(ErrorCode.SOURCE_DOWNLOAD_FAILED, message, null, false, e);
            };
        }
    }
}
