package io.switchboard.realtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client frame budget, as plain logic on a clock the test moves. */
class FrameBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAllowedThenFramesComeAtTheRefillRate() {
        FrameBudget budget = new FrameBudget(10, 20, 0);
        int taken = 0;
        while (budget.take(0)) {
            taken++;
        }
        assertEquals(20, taken, "the whole burst, at once");
        assertFalse(budget.take(SECOND / 20), "half a token after 50 ms");
        assertTrue(budget.take(SECOND / 10), "one token after 100 ms");
        assertFalse(budget.take(SECOND / 10));
    }

    @Test
    void tokensNeverExceedTheBurst() {
        FrameBudget budget = new FrameBudget(10, 5, 0);
        int taken = 0;
        while (budget.take(3_600 * SECOND)) {
            taken++;
        }
        assertEquals(5, taken);
    }
}
