package io.switchboard.contact;

import java.util.function.Function;

/**
 * How a search text finds contacts (R17, R18): the name anywhere (trigram index), the number by its
 * first or last digits (btree indexes of V4; digit strings share too many trigrams to be selective).
 * LIKE wildcards the user typed are literal.
 */
public final class ContactMatch {

    private ContactMatch() {
    }

    /** The text as a LIKE pattern matching it anywhere. */
    public static String anywhere(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** The SQL condition on contact {@code alias}; {@code param} binds a value and answers its placeholder. */
    public static String condition(String alias, String text, Function<Object, String> param) {
        String condition = alias + ".name ilike " + param.apply(anywhere(text));
        String digits = text.replaceAll("\\D", "");
        if (digits.length() >= 3) {
            condition += " or " + alias + ".number like " + param.apply(digits + "%")
                    + " or reverse(" + alias + ".number) like " + param.apply(new StringBuilder(digits).reverse() + "%");
        }
        return "(" + condition + ")";
    }
}
