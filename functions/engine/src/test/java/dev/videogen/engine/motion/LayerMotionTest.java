package dev.videogen.engine.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerMotionTest {

    private static final LayerMotion.StaticBox BOX = new LayerMotion.StaticBox(100, 50, 200, 100, 0.8);

    private static LayerMotion resolve(List<Animation> animations) {
        return LayerMotion.resolve(new Motion(Map.of(), animations, null, null, 0, 0), BOX, 1280, 720, 4);
    }

    private static Animation preset(Animation.Type type, boolean atStart, Edge from) {
        return new Animation(type, atStart, 1, Easing.LINEAR, from);
    }

    @Test
    void aFadeGoesFromNothingToTheElementsOpacityAndBack() {
        LayerMotion motion = resolve(List.of(preset(Animation.Type.FADE, true, Edge.LEFT),
                preset(Animation.Type.FADE, false, Edge.LEFT)));
        assertThat(motion.opacity().valueAt(0)).isZero();
        assertThat(motion.opacity().valueAt(0.5)).isCloseTo(0.4, within(1e-9));
        assertThat(motion.opacity().valueAt(2)).isEqualTo(0.8);
        assertThat(motion.opacity().valueAt(3.5)).isCloseTo(0.4, within(1e-9));
        assertThat(motion.opacity().valueAt(4)).isZero();
    }

    @Test
    void aSlideEntersFromBeyondEachEdgeOfTheFrame() {
        assertThat(resolve(List.of(preset(Animation.Type.SLIDE, true, Edge.LEFT))).x().valueAt(0)).isEqualTo(-200);
        assertThat(resolve(List.of(preset(Animation.Type.SLIDE, true, Edge.RIGHT))).x().valueAt(0)).isEqualTo(1280);
        assertThat(resolve(List.of(preset(Animation.Type.SLIDE, true, Edge.TOP))).y().valueAt(0)).isEqualTo(-100);
        assertThat(resolve(List.of(preset(Animation.Type.SLIDE, true, Edge.BOTTOM))).y().valueAt(0)).isEqualTo(720);
        LayerMotion leaving = resolve(List.of(preset(Animation.Type.SLIDE, false, Edge.RIGHT)));
        assertThat(leaving.x().valueAt(3)).isEqualTo(100);
        assertThat(leaving.x().valueAt(4)).isEqualTo(1280);
        assertThat(leaving.y().constant()).isTrue();
    }

    @Test
    void zoomSpinAndWipeExpandToScaleRotationAndAClip() {
        LayerMotion zoom = resolve(List.of(preset(Animation.Type.ZOOM, true, Edge.LEFT)));
        assertThat(zoom.scale().valueAt(0)).isZero();
        assertThat(zoom.scale().valueAt(1)).isEqualTo(1);
        LayerMotion spin = resolve(List.of(preset(Animation.Type.SPIN, false, Edge.LEFT)));
        assertThat(spin.rotation().valueAt(3)).isZero();
        assertThat(spin.rotation().valueAt(4)).isEqualTo(-360);
        assertThat(spin.scale().valueAt(4)).isZero();
        LayerMotion wipe = resolve(List.of(preset(Animation.Type.WIPE, true, Edge.TOP)));
        assertThat(wipe.wipes()).hasSize(1);
        assertThat(wipe.wipes().get(0).from()).isEqualTo(Edge.TOP);
        assertThat(wipe.wipes().get(0).visible().valueAt(0.25)).isEqualTo(0.25);
    }

    @Test
    void anEndPresetWaitsForAStartPresetLongerThanHalfTheElement() {
        LayerMotion motion = LayerMotion.resolve(new Motion(Map.of(), List.of(
                new Animation(Animation.Type.FADE, true, 3, Easing.LINEAR, Edge.LEFT),
                new Animation(Animation.Type.FADE, false, 3, Easing.LINEAR, Edge.LEFT)), null, null, 0, 0),
                BOX, 1280, 720, 4);
        assertThat(motion.opacity().valueAt(3)).isEqualTo(0.8);
        assertThat(motion.opacity().valueAt(4)).isZero();
        assertThat(motion.opacity().valueAt(3.5)).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void keyframesInPercentAreResolvedAgainstTheFrame() {
        Motion motion = new Motion(Map.of(MotionProperty.X, List.of(
                new Motion.RequestedKeyframe(0, 10, true, Easing.LINEAR),
                new Motion.RequestedKeyframe(1, 50, true, Easing.LINEAR)),
                MotionProperty.HEIGHT, List.of(new Motion.RequestedKeyframe(0, 25, true, Easing.LINEAR))),
                List.of(), null, null, 0, 0);
        LayerMotion resolved = LayerMotion.resolve(motion, BOX, 1280, 720, 4);
        assertThat(resolved.x().valueAt(0)).isEqualTo(128);
        assertThat(resolved.x().valueAt(1)).isEqualTo(640);
        assertThat(resolved.height().valueAt(0)).isEqualTo(180);
        assertThat(resolved.y().valueAt(0)).isEqualTo(50);
    }

    @Test
    void noMotionIsAStillLayer() {
        assertThat(LayerMotion.resolve(Motion.NONE, BOX, 1280, 720, 4).still()).isTrue();
    }
}
