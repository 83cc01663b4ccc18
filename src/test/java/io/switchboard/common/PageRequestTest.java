package io.switchboard.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Paging bounds, as plain logic: a page far out answers 400, never an overflowed offset (500). */
class PageRequestTest {

    @Test
    void aPageWhoseOffsetWouldOverflowIsRefused() {
        ApiException refused = assertThrows(ApiException.class, () -> new PageRequest(10_737_419, 200).validated());
        assertEquals(400, refused.status());
        assertEquals("page", refused.details().get("field"));
    }

    @Test
    void ordinaryPagesPass() {
        assertEquals(5_000, new PageRequest(25, 200).validated().offset());
        assertEquals(1_000_000, new PageRequest(5_000, 200).validated().offset());
    }

    @Test
    void negativePagesAndOutOfRangeSizesAreRefused() {
        assertThrows(ApiException.class, () -> new PageRequest(-1, 50).validated());
        assertThrows(ApiException.class, () -> new PageRequest(0, 0).validated());
        assertThrows(ApiException.class, () -> new PageRequest(0, 201).validated());
    }
}
