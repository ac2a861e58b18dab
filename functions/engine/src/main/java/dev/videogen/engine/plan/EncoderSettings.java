package dev.videogen.engine.plan;

/**
 * Encoder choices for the output.
 *
 * @param x264Preset     libx264 preset for mp4/mov
 * @param x264Crf        libx264 constant rate factor
 * @param vp9Crf         libvpx-vp9 constant quality
 * @param vp9CpuUsed     libvpx-vp9 speed (realtime deadline)
 * @param aacKbps        AAC bitrate for mp4/mov
 * @param opusKbps       Opus bitrate for webm
 * @param maxOutputBytes the file may not grow past this ({@code -fs})
 */
public record EncoderSettings(String x264Preset, int x264Crf, int vp9Crf, int vp9CpuUsed, int aacKbps, int opusKbps,
                              long maxOutputBytes) {

    /** Good quality at a cost close to a hand-written "veryfast" command. */
    public static final EncoderSettings DEFAULT = new EncoderSettings("veryfast", 23, 32, 8, 128, 96,
            4L * 1024 * 1024 * 1024);

    public EncoderSettings withX264Preset(String preset) {
        return new EncoderSettings(preset, x264Crf, vp9Crf, vp9CpuUsed, aacKbps, opusKbps, maxOutputBytes);
    }

    public EncoderSettings withMaxOutputBytes(long bytes) {
        return new EncoderSettings(x264Preset, x264Crf, vp9Crf, vp9CpuUsed, aacKbps, opusKbps, bytes);
    }
}
