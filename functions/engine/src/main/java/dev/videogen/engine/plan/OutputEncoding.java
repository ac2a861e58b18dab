package dev.videogen.engine.plan;

import dev.videogen.engine.model.OutputFormat;
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
        } else {
            graph.add(current + "format=yuv420p" + out);
        }
        return out;
    }

    List<String> encoderArguments() {
        String sampleRate = Integer.toString(AudioMix.SAMPLE_RATE);
        return switch (format) {
            case MP4, MOV -> List.of("-c:v", "libx264", "-preset", encoder.x264Preset(), "-crf",
                    Integer.toString(encoder.x264Crf()), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a",
                    encoder.aacKbps() + "k", "-ar", sampleRate, "-movflags", "+faststart");
            case WEBM -> List.of("-c:v", "libvpx-vp9", "-b:v", "0", "-crf", Integer.toString(encoder.vp9Crf()),
                    "-deadline", "realtime", "-cpu-used", Integer.toString(encoder.vp9CpuUsed()), "-row-mt", "1",
                    "-pix_fmt", "yuv420p", "-c:a", "libopus", "-b:a", encoder.opusKbps() + "k", "-ar", sampleRate);
            case GIF -> List.of("-an", "-f", "gif", "-loop", "0");
        };
    }
}
