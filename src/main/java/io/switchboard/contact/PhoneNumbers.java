package io.switchboard.contact;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.switchboard.common.ApiException;

import java.util.Optional;
import java.util.regex.Pattern;

/** E.164 handling through libphonenumber: the API takes numbers with or without '+', stores digits only. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

    /**
     * Both answers depend on the number alone, and every inbound webhook asks for two (its sender's
     * number, always the same few, and a contact's, who usually writes more than once): a parse is
     * about a tenth of such a webhook's CPU. Bounded, so a flood of new numbers costs only misses.
     */
    private static final Cache<String, Optional<String>> NORMALIZED = Caffeine.newBuilder().maximumSize(10_000).build();
    private static final Cache<String, Optional<String>> COUNTRIES = Caffeine.newBuilder().maximumSize(10_000).build();

    private PhoneNumbers() {
    }

    /** The number as E.164 digits without '+', or empty when it is not a possible phone number. */
    public static Optional<String> normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return NORMALIZED.get(raw, PhoneNumbers::parse);
    }

    private static Optional<String> parse(String raw) {
        String digits = SEPARATORS.matcher(raw.strip()).replaceAll("");
        if (!digits.startsWith("+")) {
            digits = "+" + digits;
        }
        try {
            PhoneNumber number = UTIL.parse(digits, null);
            if (!UTIL.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #normalize} but a bad number is a 400 naming the field. */
    public static String require(String raw, String field) {
        return normalize(raw).orElseThrow(() -> ApiException.badRequest("invalid_number", field,
                field + " must be a phone number in international (E.164) form"));
    }

    /** ISO 3166 region of an E.164 number (digits, no '+'), or null when unknown. */
    public static String countryOf(String e164Digits) {
        return e164Digits == null ? null : COUNTRIES.get(e164Digits, PhoneNumbers::region).orElse(null);
    }

    private static Optional<String> region(String e164Digits) {
        try {
            PhoneNumber number = UTIL.parse("+" + e164Digits, null);
            String region = UTIL.getRegionCodeForNumber(number);
            if (region == null) {
                // Not a valid number of any region (e.g. fictional 555 numbers): take the calling code's main country.
                region = UTIL.getRegionCodeForCountryCode(number.getCountryCode());
            }
            return region == null || "ZZ".equals(region) || "001".equals(region) ? Optional.empty() : Optional.of(region);
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
