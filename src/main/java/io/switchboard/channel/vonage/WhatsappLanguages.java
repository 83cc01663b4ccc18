package io.switchboard.channel.vonage;

import com.vonage.client.messages.whatsapp.Locale;

import java.util.Arrays;
import java.util.Optional;

/** The languages WhatsApp templates are approved in, as Vonage names them (en, es, pt_BR, ...). */
public final class WhatsappLanguages {

    private WhatsappLanguages() {
    }

    public static boolean isKnown(String language) {
        return of(language).isPresent();
    }

    static Optional<Locale> of(String language) {
        return Arrays.stream(Locale.values()).filter(locale -> locale.toString().equals(language)).findFirst();
    }
}
