package dev.videogen.engine.captions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.captions.CaptionTiming.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionTimingTest {

    private static Cue cue(double start, double end, String text) {
        return new Cue(start, end, text, List.of());
    }

    @Test
    void oneStatePerCueWithoutWordTimes() {
        List<State> states = CaptionTiming.states(List.of(cue(1, 2, "a b"), cue(3, 4, "c")),
                List.of(new int[] {2}, new int[] {1}), 0, 10);
        assertThat(states).containsExactly(new State(1, 2, 0, 0, -1), new State(3, 4, 1, 0, -1));
    }

    @Test
    void pagesShareTheCueInProportionToTheirWords() {
        List<State> states = CaptionTiming.states(List.of(cue(0, 6, "one two three four five six")),
                List.of(new int[] {4, 2}), 0, 10);
        assertThat(states).containsExactly(new State(0, 4, 0, 0, -1), new State(4, 6, 0, 1, -1));
    }

    @Test
    void eachTimedWordIsHighlightedFromItsStartToItsEndAndPagesTurnOnTheirFirstWord() {
        Cue cue = new Cue(0, 4, "a b c", List.of(new Cue.Word(0.5, 1, "a"), new Cue.Word(1, 1.5, "b"),
                new Cue.Word(2, 3, "c")));
        List<State> states = CaptionTiming.states(List.of(cue), List.of(new int[] {2, 1}), 0, 10);
        assertThat(states).containsExactly(
                new State(0, 0.5, 0, 0, -1), new State(0.5, 1, 0, 0, 0), new State(1, 1.5, 0, 0, 1),
                new State(1.5, 2, 0, 0, -1),
                new State(2, 3, 0, 1, 0), new State(3, 4, 0, 1, -1));
    }

    @Test
    void statesAreClippedToTheElementsWindowAndOverlappingCuesGiveWay() {
        List<State> states = CaptionTiming.states(List.of(cue(0, 5, "a"), cue(3, 8, "b")),
                List.of(new int[] {1}, new int[] {1}), 1, 6);
        assertThat(states).containsExactly(new State(1, 3, 0, 0, -1), new State(3, 6, 1, 0, -1));
    }

    @Test
    void cuesOutsideTheWindowLeaveNothing() {
        assertThat(CaptionTiming.states(List.of(cue(10, 12, "late")), List.of(new int[] {1}), 0, 5)).isEmpty();
    }
}
