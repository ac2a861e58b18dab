package dev.videogen.engine.plan;

import dev.videogen.engine.model.OutputFormat;
import java.util.ArrayList;
import java.util.List;

/** The last step of the picture (pixel format, or GIF palette) and the encoder arguments of each output format. */
final class OutputEncoding {

    private final OutputFormat format;
    private final EncoderSettings encoder;

    OutputEncoding(OutputFormat format, EncoderSettings encoder) {
        this.format = format;
        this.encoder = encoder;
    }

    /** Turns the stacked picture {@code current} into what the encoder takes; returns its label. */
    String finishVideo(FilterGraph graph, String current) {
        String out = graph.label("vout");
        if (format == OutputFormat.GIF) {
            String first = graph.label("gif");
            String second = graph.label("gif");
            String palette = graph.label("palette");
            graph.add(current + "split" + first + second);
            graph.add(first + "palettegen=stats_mode=diff" + palette);
            graph.add(second + palette + "paletteuse=dither=bayer:bayer_scale=5" + out);
        } else if (format == OutputFormat.PNG) {
            graph.add(current + "format=rgb24" + out);
        } else if (format == OutputFormat.JPG) {
            // JPEG's own full range: the conversion from the stack's video range scales the levels
            graph.add(current + "format=yuvj420p" + out);
        } else {
            graph.add(current + "format=yuv420p" + out);
        }
        return out;
    }

    List<String> encoderArguments() {
        if (format == OutputFormat.GIF) {
            return List.of("-an", "-f", "gif", "-loop", "0");
        }
        List<String> arguments = new ArrayList<>(pictureArguments());
        arguments.addAll(soundArguments());
        if (format == OutputFormat.MP4 || format == OutputFormat.MOV) {
            arguments.addAll(List.of("-movflags", "+faststart"));
        }
        return arguments;
    }

    /** The picture's encoder arguments; a chunk's segment is encoded with exactly these. */
    List<String> pictureArguments() {
        return switch (format) {
            case MP4, MOV -> List.of("-c:v", "libx264", "-preset", encoder.x264Preset(), "-crf",
                    Integer.toString(encoder.x264Crf()), "-pix_fmt", "yuv420p");
            case WEBM -> List.of("-c:v", "libvpx-vp9", "-b:v", "0", "-crf", Integer.toString(encoder.vp9Crf()),
                    "-deadline", "realtime", "-cpu-used", Integer.toString(encoder.vp9CpuUsed()), "-row-mt", "1",
                    "-pix_fmt", "yuv420p");
            case GIF -> List.of("-f", "gif", "-loop", "0");
            case PNG, JPG -> stillArguments();
        };
    }

    /** The sound's encoder arguments; a chunked job's sound is encoded once with exactly these. */
    List<String> soundArguments() {
        String sampleRate = Integer.toString(AudioMix.SAMPLE_RATE);
        return switch (format) {
            case MP4, MOV -> List.of("-c:a", "aac", "-b:a", encoder.aacKbps() + "k", "-ar", sampleRate);
            case WEBM -> List.of("-c:a", "libopus", "-b:a", encoder.opusKbps() + "k", "-ar", sampleRate);
            case GIF, PNG, JPG -> List.of("-an");
        };
    }

    /** The picture encoder of a still: PNG, or JPEG at FFmpeg's best quality scale. */
    List<String> stillArguments() {
        return switch (format) {
            case PNG -> List.of("-c:v", "png");
            case JPG -> List.of("-c:v", "mjpeg", "-q:v", "2");
            default -> throw new IllegalArgumentException(format + " is not a still");
        };
    }
}
