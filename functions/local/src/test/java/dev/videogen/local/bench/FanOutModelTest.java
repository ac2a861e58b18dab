package dev.videogen.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FanOutModelTest {

    /** 1 CPU second per second of video for the picture, 0.02 for the sound; 1 MB/s of output and of sources; S3 at 100 MB/s. */
    private static final FanOutModel.Measured MEASURED = new FanOutModel.Measured(1.0, 0.02, 0.01, 1e6, 1e6, 1e8);
    private static final FanOutModel.Assumptions ONE_VCPU = new FanOutModel.Assumptions(1769, 1.0, 1.5, 0.1, 0.5, 2.0);

    @Test
    void aJobSplitsIntoOneChunkPerFunctionDownToTheShortestChunk() {
        assertThat(FanOutModel.predict(MEASURED, ONE_VCPU, 600, 10).chunks()).isEqualTo(10);
        assertThat(FanOutModel.predict(MEASURED, ONE_VCPU, 600, 200).chunks()).isEqualTo(200);
        assertThat(FanOutModel.predict(MEASURED, ONE_VCPU, 60, 200).chunks()).isEqualTo(30);
        assertThat(FanOutModel.predict(MEASURED, ONE_VCPU, 60, 200).chunkSeconds()).isEqualTo(2.0);
    }

    @Test
    void theWallTimeIsPlanThenTheSlowestPieceThenTheStitch() {
        FanOutModel.Prediction p = FanOutModel.predict(MEASURED, ONE_VCPU, 600, 10);
        // plan: queue 0.1 + cold 1.5 + 600 MB of sources at 100 MB/s (6 s) + probe 0.5
        assertThat(p.planSeconds()).isCloseTo(8.1, within(1e-9));
        // a 60 s chunk: queue, cold start, sources 6.5 s, 60 CPU seconds on one vCPU, upload 0.6 s
        assertThat(p.piecesSeconds()).isCloseTo(0.1 + 1.5 + 6.5 + 60 + 0.6, within(1e-9));
        // stitch: 600 MB down, 6 s of stream copy, 600 MB up
        assertThat(p.stitchSeconds()).isCloseTo(6 + 6 + 6, within(1e-9));
        assertThat(p.totalSeconds()).isCloseTo(p.planSeconds() + p.piecesSeconds() + p.stitchSeconds(), within(1e-9));
        assertThat(p.stitchShare()).isCloseTo(18 / p.totalSeconds(), within(1e-12));
    }

    @Test
    void moreMemoryBuysVcpusThatFfmpegKeepsBusyAtTheAssumedEfficiency() {
        FanOutModel.Assumptions large = new FanOutModel.Assumptions(10240, 0.5, 0, 0, 0, 2.0);
        assertThat(large.vcpus()).isCloseTo(5.788580, within(1e-5));
        assertThat(large.cpuRate()).isCloseTo(2.894290, within(1e-5));
        assertThat(new FanOutModel.Assumptions(3008, 0.85, 0, 0, 0, 1).vcpus()).isCloseTo(1.70, within(0.01));
        // never slower than one vCPU fully used
        assertThat(new FanOutModel.Assumptions(1769, 0.5, 0, 0, 0, 1).cpuRate()).isEqualTo(1.0);
        FanOutModel.Prediction p = FanOutModel.predict(MEASURED, large, 600, 10);
        assertThat(p.piecesSeconds()).isCloseTo(6 + 60 / 2.894290 + 0.6, within(1e-4));
    }

    @Test
    void moreChunksThanFunctionsRenderInWavesAndOnlyTheFirstPaysTheColdStart() {
        FanOutModel.Prediction p = FanOutModel.predict(MEASURED, ONE_VCPU, 600, 10, 30);
        assertThat(p.chunks()).isEqualTo(20);
        // two waves of 30 s chunks: one queue hop and one cold start, then twice sources + render + upload
        assertThat(p.piecesSeconds()).isCloseTo(0.1 + 1.5 + 2 * (6.5 + 30 + 0.3), within(1e-9));
    }
}
