package io.switchboard.contact;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** E.164 digits from what people type, the same answer however often asked (the answers are cached). */
class PhoneNumbersTest {

    @Test
    void separatorsAndAPlusAreTakenOffAndTheAnswerStaysTheSame() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.of("447700900123"), PhoneNumbers.normalize("+44 (7700) 900-123"));
            assertEquals(Optional.of("447700900123"), PhoneNumbers.normalize("447700900123"));
            assertEquals(Optional.of("15551234567"), PhoneNumbers.normalize(" 1.555.123.4567 "));
        }
    }

    @Test
    void whatIsNoPhoneNumberIsEmptyEveryTime() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), PhoneNumbers.normalize("12"));
            assertEquals(Optional.empty(), PhoneNumbers.normalize("call me"));
            assertEquals(Optional.empty(), PhoneNumbers.normalize(" "));
            assertEquals(Optional.empty(), PhoneNumbers.normalize(null));
        }
    }

    @Test
    void theCountryIsTheNumbersRegionOrItsCallingCodesMainOne() {
        for (int i = 0; i < 3; i++) {
            assertEquals("GB", PhoneNumbers.countryOf("447700900123"));
            assertEquals("US", PhoneNumbers.countryOf("15551234567"));
            assertNull(PhoneNumbers.countryOf("999123"));
            assertNull(PhoneNumbers.countryOf(null));
        }
    }
}
