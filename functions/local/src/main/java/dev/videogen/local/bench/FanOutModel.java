package dev.videogen.local.bench;

/**
 * Predicts the wall time of a chunked job on the deployed stack from figures measured on this machine. Pure: every
 * input is either a measurement ({@link Measured}) or a stated assumption ({@link Assumptions}), and the arithmetic is
 * the path a job takes: the job's message is planned (its sources fetched and probed), one message per chunk fans
 * out, every chunk fetches the sources, renders its frames and uploads its segment at the same time as the others
 * (in waves when there are more chunks than concurrent functions), the sound is mixed once beside them, and the last
 * piece to finish downloads the pieces, stitches them by stream copy and uploads the result.
 */
public final class FanOutModel {

    /**
     * Figures measured on this machine, per second of output video. Render figures are CPU seconds, which a shared
     * machine's load does not inflate the way it inflates wall time.
     *
     * @param renderCpu        CPU seconds the chunks' FFmpeg passes spend per second of video
     * @param soundCpu         CPU seconds of the sound's pass per second of video
     * @param stitchPerSecond  wall seconds of the stitch per second of video (it copies packets: disk-bound)
     * @param outputBytes      bytes of output per second of video
     * @param sourceBytes      bytes of sources per second of video (a longer job has proportionally longer sources)
     * @param transferBytesPerSecond S3 upload and download rate measured against the in-process S3 server
     */
    public record Measured(double renderCpu, double soundCpu, double stitchPerSecond, double outputBytes,
                           double sourceBytes, double transferBytesPerSecond) {
    }

    /**
     * What the model assumes of the deployed stack.
     *
     * @param memoryMb           the render function's memory size
     * @param parallelEfficiency the share of its vCPUs FFmpeg keeps busy
     * @param coldStartSeconds   a function instance's start (JVM, FFmpeg layer), paid once by each first-wave chunk
     * @param queueSeconds       one hop through SQS to a function (long polling)
     * @param probeSeconds       probing the sources once fetched
     * @param minChunkSeconds    the shortest chunk worth a function of its own
     */
    public record Assumptions(int memoryMb, double parallelEfficiency, double coldStartSeconds, double queueSeconds,
                              double probeSeconds, double minChunkSeconds) {

        /** The figures the README's table uses. */
        public static final Assumptions DEPLOYED = new Assumptions(3008, 0.85, 1.5, 0.1, 0.5, 2.0);

        /** Lambda gives a function one vCPU per 1,769 MB of memory, up to six. */
        public double vcpus() {
            return Math.min(6.0, memoryMb / 1769.0);
        }

        /** CPU seconds a function turns into per wall second. */
        double cpuRate() {
            return Math.max(1.0, vcpus() * parallelEfficiency);
        }
    }

    /**
     * One prediction.
     *
     * @param chunks        how many chunks the job is split into
     * @param chunkSeconds  seconds of video per chunk
     * @param planSeconds   the job's message until the chunk messages are sent
     * @param piecesSeconds the slowest piece (a chunk, or the sound), from its message to its object stored
     * @param stitchSeconds the stitch: download pieces, join, upload
     * @param totalSeconds  the whole job's wall time
     */
    public record Prediction(int chunks, double chunkSeconds, double planSeconds, double piecesSeconds,
                             double stitchSeconds, double totalSeconds) {

        public double stitchShare() {
            return stitchSeconds / totalSeconds;
        }
    }

    private FanOutModel() {
    }

    /** With {@code CHUNK_SECONDS} set so that one wave of functions renders every chunk (never below the minimum). */
    public static Prediction predict(Measured measured, Assumptions assumptions, double videoSeconds,
                                     int concurrency) {
        return predict(measured, assumptions, videoSeconds, concurrency,
                Math.max(assumptions.minChunkSeconds(), videoSeconds / concurrency));
    }

    /** With chunks of {@code chunkLength} seconds, in as many waves as {@code concurrency} needs. */
    public static Prediction predict(Measured measured, Assumptions assumptions, double videoSeconds,
                                     int concurrency, double chunkLength) {
        int chunks = (int) Math.ceil(videoSeconds / chunkLength - 1e-9);
        int waves = (int) Math.ceil((double) chunks / concurrency);
        double rate = measured.transferBytesPerSecond();
        double sources = measured.sourceBytes() * videoSeconds / rate + assumptions.probeSeconds();
        double plan = assumptions.queueSeconds() + assumptions.coldStartSeconds() + sources;
        double render = chunkLength * measured.renderCpu() / assumptions.cpuRate();
        double upload = measured.outputBytes() * chunkLength / rate;
        // the first wave pays a cold start; later waves find warm functions
        double chunk = assumptions.queueSeconds() + assumptions.coldStartSeconds() + sources + render + upload
                + (waves - 1) * (sources + render + upload);
        double sound = assumptions.queueSeconds() + assumptions.coldStartSeconds() + sources
                + videoSeconds * measured.soundCpu() / assumptions.cpuRate();
        double pieces = Math.max(chunk, sound);
        double bytes = measured.outputBytes() * videoSeconds;
        double stitch = bytes / rate + videoSeconds * measured.stitchPerSecond() + bytes / rate;
        return new Prediction(chunks, chunkLength, plan, pieces, stitch, plan + pieces + stitch);
    }
}
