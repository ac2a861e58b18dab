package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.model.Element;
import dev.videogen.engine.motion.Keyframe;
import dev.videogen.engine.motion.KeyframeTrack;
import dev.videogen.engine.motion.Motion;
import dev.videogen.engine.motion.MotionProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every element's sound, resampled, set to its volume and placed at its start, then mixed into one track. */
final class AudioMix {

    static final int SAMPLE_RATE = 48000;
    /** Peak ceiling of the mix, just under full scale, so summed sources never clip. */
    private static final double MIX_CEILING = 0.97;

    private final FilterGraph graph;
    private final List<String> soundLabels = new ArrayList<>();
    private boolean needsLimiter;

    AudioMix(FilterGraph graph) {
        this.graph = graph;
    }

    /** Adds the element's sound to the mix. */
    void add(TimedElement timed, List<Integer> streams) {
        add(timed, streams, 0, 0);
    }

    /**
     * Adds the element's sound to the mix, with its own fades and volume keyframes, faded in over
     * {@code crossfadeIn} and out over {@code crossfadeOut} seconds where a transition joins it to its neighbour.
     */
    void add(TimedElement timed, List<Integer> streams, double crossfadeIn, double crossfadeOut) {
        Element element = timed.element();
        Motion motion = element.motion();
        KeyframeTrack volumeTrack = motion.keyframes().containsKey(MotionProperty.VOLUME)
                ? volumeTrack(motion) : null;
        double duration = timed.duration();
        StringBuilder chain = new StringBuilder();
        chain.append(graph.concatenated(streams, "a"));
        chain.append("asetpts=PTS-STARTPTS");
        chain.append(",aresample=").append(SAMPLE_RATE);
        chain.append(",aformat=sample_fmts=fltp:channel_layouts=stereo");
        if (SegmentLoop.inGraph(timed, LayerWindow.whole(timed))) {
            chain.append(',').append(SegmentLoop.sound(timed));
        }
        if (volumeTrack == null && element.volume() != 1) {
            chain.append(",volume=").append(number(element.volume()));
            if (element.volume() > 1) {
                needsLimiter = true;
            }
        }
        if (timed.passes() == 1 && timed.segmentLength() < duration) {
            chain.append(",apad=whole_dur=").append(number(duration));
        }
        chain.append(",atrim=duration=").append(number(duration));
        if (timed.start() > 0) {
            chain.append(",adelay=delays=").append(Math.round(timed.start() * 1000)).append(":all=1");
        }
        // from here the sound's timestamps are output time, which the expressions below are written in
        if (volumeTrack != null) {
            chain.append(",volume=eval=frame:volume='")
                    .append(volumeTrack.expression("t-" + number(timed.start()))).append('\'');
            if (volumeTrack.max() > 1) {
                needsLimiter = true;
            }
        }
        double fadeIn = Math.min(duration, Math.max(motion.fadeIn(), crossfadeIn));
        double fadeOut = Math.min(duration, Math.max(motion.fadeOut(), crossfadeOut));
        if (fadeIn > 0) {
            chain.append(",afade=t=in:st=").append(number(timed.start())).append(":d=").append(number(fadeIn));
        }
        if (fadeOut > 0) {
            chain.append(",afade=t=out:st=").append(number(timed.end() - fadeOut)).append(":d=")
                    .append(number(fadeOut));
        }
        String label = graph.label("sound");
        graph.add(chain + label);
        soundLabels.add(label);
    }

    /** The mixed track, exactly {@code duration} long (silence when nothing sounds); returns its label. */
    String mix(double duration) {
        String out = graph.label("aout");
        String tail = ",apad=whole_dur=" + number(duration) + ",atrim=duration=" + number(duration) + out;
        if (soundLabels.isEmpty()) {
            graph.add(String.format(Locale.ROOT, "anullsrc=r=%d:cl=stereo,atrim=duration=%s%s", SAMPLE_RATE,
                    number(duration), out));
        } else if (soundLabels.size() == 1) {
            graph.add(soundLabels.get(0) + "anull" + limiter(needsLimiter) + tail);
        } else {
            graph.add(String.join("", soundLabels)
                    + "amix=inputs=" + soundLabels.size() + ":duration=longest:dropout_transition=0:normalize=0"
                    + limiter(true) + tail);
        }
        return out;
    }

    private static String limiter(boolean needed) {
        return needed ? ",alimiter=limit=" + number(MIX_CEILING) + ":level=0" : "";
    }

    /** The volume keyframes as a track. */
    private static KeyframeTrack volumeTrack(Motion motion) {
        List<Keyframe> keyframes = new ArrayList<>();
        for (Motion.RequestedKeyframe k : motion.keyframes().get(MotionProperty.VOLUME)) {
            keyframes.add(new Keyframe(k.time(), k.value(), k.easing()));
        }
        return new KeyframeTrack(keyframes);
    }
}
