package dev.videogen.engine.plan;

import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.media.MediaProbe;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.FitMode;
import dev.videogen.engine.model.Fonts;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.model.Rgba;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the single FFmpeg command that renders a composition: one input per source (a looped trimmed segment opens
 * its file once per pass), one filter graph that scales, crops, times and stacks every layer over the background in
 * track order, mixes every sound, and encodes once. Pure: it reads no files and starts no process.
 */
public final class RenderPlanner {

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/_.+-]+");
    private static final int SAMPLE_RATE = 48000;
    /** Peak ceiling of the mix, just under full scale, so summed sources never clip. */
    private static final double MIX_CEILING = 0.97;

    private RenderPlanner() {
    }

    /**
     * Everything the plan depends on.
     *
     * @param request       the validated request
     * @param timeline      its resolved timing
     * @param sourceFiles   the local file of each element id that has a source
     * @param fontDirectory where the bundled fonts are on disk
     * @param workDirectory where text files go
     * @param output        the file to write
     * @param encoder       encoder choices
     */
    public record Inputs(CompositionRequest request, Timeline timeline, Map<String, Path> sourceFiles,
                         Path fontDirectory, Path workDirectory, Path output, EncoderSettings encoder) {
    }

    public static RenderPlan plan(Inputs inputs) {
        return new Builder(inputs).build();
    }

    private static final class Builder {
        private final Inputs in;
        private final CompositionRequest request;
        private final List<String> inputArguments = new ArrayList<>();
        private final List<String> chains = new ArrayList<>();
        private final Map<Path, String> textFiles = new LinkedHashMap<>();
        private final List<String> audioLabels = new ArrayList<>();
        private boolean audioNeedsLimiter;
        private int inputCount;
        private int labelCount;

        /** The pixel format layers are stacked in: 4:2:0 like the output, or 4:4:4 when a side is odd (GIF only). */
        private final String stackFormat;

        Builder(Inputs inputs) {
            this.in = inputs;
            this.request = inputs.request();
            this.stackFormat = request.width() % 2 == 0 && request.height() % 2 == 0 ? "yuv420" : "yuv444";
        }

        RenderPlan build() {
            double duration = in.timeline().duration();
            List<TimedElement> stacking = new ArrayList<>(in.timeline().elements());
            stacking.sort(Comparator.comparingInt((TimedElement t) -> t.element().track())
                    .thenComparingInt(t -> t.element().index()));
            TimedElement backdrop = backdrop(stacking, duration);
            String current;
            if (backdrop == null) {
                current = label("base");
                chains.add(String.format(Locale.ROOT, "color=c=%s:s=%dx%d:r=%s:d=%s,format=%sp%s",
                        request.backgroundColor().withOpacity(1).ffmpegColor(), request.width(), request.height(),
                        number(request.fps()), number(duration), stackFormat, current));
            } else {
                current = null;
            }
            for (TimedElement timed : stacking) {
                Element element = timed.element();
                if (element.type() == ElementType.TEXT) {
                    current = drawText(current, timed);
                    continue;
                }
                boolean visual = element.type().visual() && timed.media().hasVideo();
                boolean audible = request.outputFormat().hasAudio() && element.audible() && timed.media().hasAudio();
                if (!visual && !audible) {
                    continue;
                }
                List<Integer> streams = openInputs(timed, visual);
                if (visual) {
                    // an opaque layer covering the whole frame for the whole output is the base itself: no
                    // background to draw, no full-frame overlay to pay for
                    current = timed == backdrop ? layer(timed, streams) : overlay(current, timed, streams);
                }
                if (audible) {
                    audioLabels.add(audio(timed, streams));
                }
            }

            List<String> outputArguments = new ArrayList<>();
            String videoOut = finishVideo(current);
            outputArguments.addAll(List.of("-map", videoOut));
            if (request.outputFormat().hasAudio()) {
                outputArguments.addAll(List.of("-map", mixAudio(duration)));
            }
            outputArguments.addAll(encoderArguments());
            outputArguments.addAll(List.of("-t", number(duration), "-fs", Long.toString(in.encoder().maxOutputBytes()),
                    in.output().toString()));

            String graph = String.join(";", chains);
            List<String> arguments = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                    "-progress", "pipe:1", "-nostats"));
            arguments.addAll(inputArguments);
            arguments.addAll(List.of("-filter_complex", graph));
            arguments.addAll(outputArguments);
            return new RenderPlan(arguments, graph, textFiles, duration);
        }

        /** Opens the element's source once, or once per pass for a looped trimmed segment; returns input indexes. */
        private List<Integer> openInputs(TimedElement timed, boolean decodeVideo) {
            Element element = timed.element();
            MediaInfo media = timed.media();
            Path file = in.sourceFiles().get(element.id());
            if (file == null) {
                throw new IllegalArgumentException("no local file for element " + element.id());
            }
            List<Integer> indexes = new ArrayList<>();
            double duration = timed.duration();
            if (media.container().still()) {
                // one decoded frame a second, repeated up to the output rate by the fps filter: a still costs one
                // decode a second, and at most a second of frames waits in the overlay's queue (a single frame for
                // the whole duration would make fps emit every frame at once, all of them queued in memory)
                indexes.add(addInput(media, file, List.of("-loop", "1", "-framerate", "1", "-t", number(duration)),
                        decodeVideo));
                return indexes;
            }
            double sourceLength = media.duration().orElse(timed.segmentLength());
            boolean untrimmed = timed.trimStart() == 0 && Math.abs(timed.segmentLength() - sourceLength) < 1e-6;
            if (timed.passes() > 1 && untrimmed) {
                indexes.add(addInput(media, file, List.of("-stream_loop", "-1", "-t", number(duration)), decodeVideo));
                return indexes;
            }
            List<String> window = new ArrayList<>();
            if (timed.trimStart() > 0) {
                window.addAll(List.of("-ss", number(timed.trimStart())));
            }
            double perPass = timed.passes() > 1 ? timed.segmentLength() : Math.min(timed.segmentLength(), duration);
            if (timed.timedSource()) {
                window.addAll(List.of("-t", number(perPass)));
            }
            for (int pass = 0; pass < timed.passes(); pass++) {
                indexes.add(addInput(media, file, window, decodeVideo));
            }
            return indexes;
        }

        private int addInput(MediaInfo media, Path file, List<String> options, boolean decodeVideo) {
            inputArguments.addAll(List.of("-protocol_whitelist", "file,pipe", "-max_pixels",
                    MediaProbe.DECODER_MAX_PIXELS));
            inputArguments.addAll(options);
            if (decodeVideo && media.alpha() && media.container() == ContainerFormat.MATROSKA_WEBM) {
                // FFmpeg's native VP8/VP9 decoders drop the alpha plane; libvpx keeps it
                String codec = media.videoCodec();
                if ("vp9".equals(codec)) {
                    inputArguments.addAll(List.of("-c:v", "libvpx-vp9"));
                } else if ("vp8".equals(codec)) {
                    inputArguments.addAll(List.of("-c:v", "libvpx"));
                }
            }
            inputArguments.addAll(List.of("-f", media.container().demuxer()));
            if (media.container().still()) {
                inputArguments.addAll(List.of("-pattern_type", "none"));
            }
            inputArguments.addAll(List.of("-i", file.toString()));
            return inputCount++;
        }

        /**
         * The lowest visual element when it can serve as the base: drawn first (nothing visible under it), opaque,
         * placed over the whole frame, present from the first to the last frame.
         */
        private TimedElement backdrop(List<TimedElement> stacking, double duration) {
            for (TimedElement timed : stacking) {
                Element element = timed.element();
                if (element.type() == ElementType.AUDIO) {
                    continue;
                }
                if (element.type() == ElementType.TEXT || !timed.media().hasVideo()) {
                    return null;
                }
                if (timed.start() != 0 || Math.abs(timed.end() - duration) > 1e-9 || timed.media().alpha()
                        || element.opacity() < 1) {
                    return null;
                }
                Placement placement = placement(timed);
                return placement.fills(request.width(), request.height()) ? timed : null;
            }
            return null;
        }

        private Placement placement(TimedElement timed) {
            PixelBox box = Layout.box(timed.element(), request.width(), request.height());
            FitMode fit = Layout.effectiveFit(timed.element().fitMode(), box, request.width(), request.height());
            return Layout.place(fit, box, timed.media().width(), timed.media().height());
        }

        /** The element's picture, cropped, scaled, timed and shifted to its start; returns its label. */
        private String layer(TimedElement timed, List<Integer> streams) {
            Element element = timed.element();
            MediaInfo media = timed.media();
            Placement placement = placement(timed);
            double duration = timed.duration();

            StringBuilder chain = new StringBuilder();
            chain.append(concatenated(streams, "v"));
            chain.append("setpts=PTS-STARTPTS");
            if (placement.cropped()) {
                // shares of the decoded picture, so the crop is right whatever its sample aspect ratio
                chain.append(",crop=w=iw*").append(number(placement.visibleWidth()))
                        .append(":h=ih*").append(number(placement.visibleHeight()))
                        .append(":x=(iw-ow)/2:y=(ih-oh)/2");
            }
            chain.append(String.format(Locale.ROOT, ",scale=%d:%d:flags=bicubic,setsar=1",
                    placement.width(), placement.height()));
            chain.append(",fps=").append(number(request.fps()));
            if (timed.timedSource() && timed.passes() == 1 && timed.segmentLength() < duration) {
                chain.append(",tpad=stop_mode=clone:stop_duration=").append(number(duration - timed.segmentLength()));
            }
            chain.append(",trim=duration=").append(number(duration));
            boolean translucent = media.alpha() || element.opacity() < 1;
            if (translucent) {
                chain.append(",format=").append(stackFormat.replace("yuv", "yuva")).append('p');
                if (element.opacity() < 1) {
                    chain.append(",lut=a=val*").append(number(element.opacity()));
                }
            } else {
                chain.append(",format=").append(stackFormat).append('p');
            }
            chain.append(",setpts=PTS-STARTPTS+").append(number(timed.start())).append("/TB");
            String layer = label("layer");
            chains.add(chain + layer);
            return layer;
        }

        private String overlay(String current, TimedElement timed, List<Integer> streams) {
            Placement placement = placement(timed);
            String layer = layer(timed, streams);
            String next = label("stack");
            chains.add(String.format(Locale.ROOT, "%s%soverlay=x=%d:y=%d:eof_action=pass:format=%s%s%s",
                    current, layer, placement.x(), placement.y(), stackFormat, window(timed), next));
            return next;
        }

        private String drawText(String current, TimedElement timed) {
            Element element = timed.element();
            PixelBox box = Layout.box(element, request.width(), request.height());
            double fontSize = Math.max(1, Math.round(element.fontSize().toPixels(request.height())));
            FontMetrics metrics = FontCatalog.metrics(element.fontFamily());
            List<String> lines = TextLayout.wrap(element.text(), metrics, fontSize, box.width());
            Path fontFile = in.fontDirectory().resolve(Fonts.fileName(element.fontFamily()));

            List<String> filters = new ArrayList<>();
            Rgba background = element.backgroundColor().withOpacity(element.opacity());
            if (background.alpha() > 0) {
                filters.add(String.format(Locale.ROOT, "drawbox=x=%d:y=%d:w=%d:h=%d:color=%s:t=fill%s",
                        box.x(), box.y(), box.width(), box.height(), background.ffmpegColor(), window(timed)));
            }
            Rgba color = element.color().withOpacity(element.opacity());
            double lineHeight = metrics.lineHeight(fontSize);
            double top = box.y() + (box.height() - lineHeight * lines.size()) / 2.0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || color.alpha() == 0) {
                    continue;
                }
                Path textFile = in.workDirectory().resolve(String.format(Locale.ROOT, "text-%d-%d.txt",
                        element.index(), i));
                textFiles.put(textFile, line);
                long baseline = Math.round(top + i * lineHeight + metrics.ascent(fontSize));
                String x = switch (element.textAlign()) {
                    case LEFT -> Integer.toString(box.x());
                    case CENTER -> String.format(Locale.ROOT, "%d+(%d-text_w)/2", box.x(), box.width());
                    case RIGHT -> String.format(Locale.ROOT, "%d-text_w", box.x() + box.width());
                };
                filters.add(String.format(Locale.ROOT,
                        "drawtext=fontfile=%s:textfile=%s:expansion=none:fontsize=%d:fontcolor=%s:x=%s:y=%d-ascent%s",
                        filterPath(fontFile), filterPath(textFile), (long) fontSize, color.ffmpegColor(), x, baseline,
                        window(timed)));
            }
            if (filters.isEmpty()) {
                return current;
            }
            String next = label("stack");
            chains.add(current + String.join(",", filters) + next);
            return next;
        }

        private String audio(TimedElement timed, List<Integer> streams) {
            Element element = timed.element();
            double duration = timed.duration();
            StringBuilder chain = new StringBuilder();
            chain.append(concatenated(streams, "a"));
            chain.append("asetpts=PTS-STARTPTS");
            chain.append(",aresample=").append(SAMPLE_RATE);
            chain.append(",aformat=sample_fmts=fltp:channel_layouts=stereo");
            if (element.volume() != 1) {
                chain.append(",volume=").append(number(element.volume()));
                if (element.volume() > 1) {
                    audioNeedsLimiter = true;
                }
            }
            if (timed.passes() == 1 && timed.segmentLength() < duration) {
                chain.append(",apad=whole_dur=").append(number(duration));
            }
            chain.append(",atrim=duration=").append(number(duration));
            if (timed.start() > 0) {
                chain.append(",adelay=delays=").append(Math.round(timed.start() * 1000)).append(":all=1");
            }
            String label = label("sound");
            chains.add(chain + label);
            return label;
        }

        private String mixAudio(double duration) {
            String out = label("aout");
            String tail = ",apad=whole_dur=" + number(duration) + ",atrim=duration=" + number(duration) + out;
            if (audioLabels.isEmpty()) {
                chains.add(String.format(Locale.ROOT, "anullsrc=r=%d:cl=stereo,atrim=duration=%s%s", SAMPLE_RATE,
                        number(duration), out));
            } else if (audioLabels.size() == 1) {
                chains.add(audioLabels.get(0) + "anull" + limiter(audioNeedsLimiter) + tail);
            } else {
                chains.add(String.join("", audioLabels)
                        + "amix=inputs=" + audioLabels.size() + ":duration=longest:dropout_transition=0:normalize=0"
                        + limiter(true) + tail);
            }
            return out;
        }

        private static String limiter(boolean needed) {
            return needed ? ",alimiter=limit=" + number(MIX_CEILING) + ":level=0" : "";
        }

        private String finishVideo(String current) {
            String out = label("vout");
            if (request.outputFormat() == OutputFormat.GIF) {
                String first = label("gif");
                String second = label("gif");
                String palette = label("palette");
                chains.add(current + "split" + first + second);
                chains.add(first + "palettegen=stats_mode=diff" + palette);
                chains.add(second + palette + "paletteuse=dither=bayer:bayer_scale=5" + out);
            } else {
                chains.add(current + "format=yuv420p" + out);
            }
            return out;
        }

        private List<String> encoderArguments() {
            EncoderSettings encoder = in.encoder();
            return switch (request.outputFormat()) {
                case MP4, MOV -> List.of("-c:v", "libx264", "-preset", encoder.x264Preset(), "-crf",
                        Integer.toString(encoder.x264Crf()), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a",
                        encoder.aacKbps() + "k", "-ar", Integer.toString(SAMPLE_RATE), "-movflags", "+faststart");
                case WEBM -> List.of("-c:v", "libvpx-vp9", "-b:v", "0", "-crf", Integer.toString(encoder.vp9Crf()),
                        "-deadline", "realtime", "-cpu-used", Integer.toString(encoder.vp9CpuUsed()), "-row-mt", "1",
                        "-pix_fmt", "yuv420p", "-c:a", "libopus", "-b:a", encoder.opusKbps() + "k", "-ar",
                        Integer.toString(SAMPLE_RATE));
                case GIF -> List.of("-an", "-f", "gif", "-loop", "0");
            };
        }

        private String concatenated(List<Integer> streams, String kind) {
            if (streams.size() == 1) {
                return "[" + streams.get(0) + ":" + kind + "]";
            }
            StringBuilder parts = new StringBuilder();
            for (int stream : streams) {
                parts.append('[').append(stream).append(':').append(kind).append(']');
            }
            String joined = label("loop");
            chains.add(parts + "concat=n=" + streams.size() + (kind.equals("v") ? ":v=1:a=0" : ":v=0:a=1") + joined);
            return joined;
        }

        /** The option that shows a filter only while its element is on screen; none when that is always. */
        private String window(TimedElement timed) {
            if (timed.start() <= 0 && timed.end() >= in.timeline().duration()) {
                return "";
            }
            return ":enable='gte(t," + number(timed.start()) + ")*lt(t," + number(timed.end()) + ")'";
        }

        private String label(String kind) {
            return "[" + kind + labelCount++ + "]";
        }
    }

    /** A path inside a filter's options: refused unless made of characters FFmpeg's graph syntax leaves alone. */
    static String filterPath(Path path) {
        String text = path.toString();
        if (!SAFE_PATH.matcher(text).matches()) {
            throw new IllegalArgumentException("path has characters unsafe in a filter graph: " + text);
        }
        return text;
    }

    /** A number as FFmpeg reads it: plain decimal, at most 6 places, no exponent. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
