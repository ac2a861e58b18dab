package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.motion.Transition;

/**
 * The {@code xfade} filter for a transition of the contract. Every name is FFmpeg's own; {@code zoomin}, which the
 * bundled FFmpeg 4.4 lacks, is written as a custom expression of FFmpeg's own formula (the first picture zoomed
 * about its centre while the second fades in).
 */
final class XfadeTransitions {

    /**
     * FFmpeg's zoomin: with progress P going from 1 to 0, the first picture sampled at
     * {@code ceil((0.5 + (x/W - 0.5) * smoothstep(0.5, 1, P)) * (W - 1))} (same for y), mixed with the second by
     * {@code smoothstep(0, 0.5, P)}.
     */
    static final String ZOOMIN = "st(1,clip((P-0.5)/0.5,0,1));st(1,ld(1)*ld(1)*(3-2*ld(1)));"
            + "st(2,ceil((0.5+(X/W-0.5)*ld(1))*(W-1)));st(3,ceil((0.5+(Y/H-0.5)*ld(1))*(H-1)));"
            + "st(4,clip(P/0.5,0,1));st(4,ld(4)*ld(4)*(3-2*ld(4)));"
            + "st(5,if(eq(PLANE,0),a0(ld(2),ld(3)),if(eq(PLANE,1),a1(ld(2),ld(3)),if(eq(PLANE,2),a2(ld(2),ld(3)),"
            + "a3(ld(2),ld(3))))));ld(5)*ld(4)+B*(1-ld(4))";

    private XfadeTransitions() {
    }

    /**
     * The filter that joins two full-frame streams with {@code transition}, starting {@code offset} seconds after
     * the first stream's start.
     */
    static String filter(Transition transition, double offset) {
        String type = transition.type().equals("zoomin") ? "custom:expr='" + ZOOMIN + "'" : transition.type();
        return "xfade=transition=" + type + ":duration=" + number(transition.duration()) + ":offset="
                + number(offset);
    }
}
