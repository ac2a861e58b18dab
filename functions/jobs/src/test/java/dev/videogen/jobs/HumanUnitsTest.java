package dev.videogen.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanUnitsTest {

    @ParameterizedTest(name = "{0} bytes = {1}")
    @CsvSource({
            "0,             0B",
            "900,           900B",
            "1023,          1023B",
            "1024,          1.0KB",
            "1536,          1.5KB",
            "15938355,      15.2MB",
            "1389188,       1.3MB",
            "1048524,       1023.9KB",
            "1048525,       1.0MB",
            "1048576,       1.0MB",
            "2684354560,    2.5GB",
            "2199023255552, 2.0TB",
            "5497558138880000, 5000.0TB"})
    void sizesAreInUnitsOf1024WithOneDecimalAsTheContractShowsThem(long bytes, String expected) {
        assertThat(HumanUnits.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} s = {1}")
    @CsvSource({
            "30.0,  30 seconds",
            "1,     1 second",
            "1.4,   1 second",
            "0.4,   0 seconds",
            "18.4,  18 seconds",
            "18.5,  19 seconds",
            "2,     2 seconds",
            "125,   125 seconds"})
    void secondsAreWholeAndPluralisedRight(double seconds, String expected) {
        assertThat(HumanUnits.seconds(seconds)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} s = {1}")
    @CsvSource({
            "0,    under a minute",
            "20,   under a minute",
            "44,   under a minute",
            "45,   1-2 minutes",
            "89,   1-2 minutes",
            "90,   2-5 minutes",
            "140,  2-5 minutes",
            "299,  2-5 minutes",
            "300,  5-10 minutes",
            "599,  5-10 minutes",
            "600,  10-20 minutes",
            "1199, 10-20 minutes",
            "1200, over 20 minutes",
            "86400, over 20 minutes"})
    void completionRangesCoverTheEstimate(long seconds, String expected) {
        assertThat(HumanUnits.completionRange(seconds)).isEqualTo(expected);
    }
}
