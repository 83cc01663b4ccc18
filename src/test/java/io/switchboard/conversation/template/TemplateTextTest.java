package io.switchboard.conversation.template;

import io.switchboard.common.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A template's {{n}} variables: counted, checked and filled (plain logic). */
class TemplateTextTest {

    @Test
    void theHighestNumberSaysHowManyValuesAreNeeded() {
        assertEquals(0, TemplateText.variables("No variables here"));
        assertEquals(2, TemplateText.variables("{{2}} then {{1}} then {{2}} again"));
        assertEquals(0, TemplateText.variables("{{name}} and {1} are not variables"));
    }

    @Test
    void eachVariableTakesItsValueEvenWhenRepeatedOrSpecial() {
        assertEquals("Ana, Ana: $5 \\o/", TemplateText.fill("{{1}}, {{1}}: {{2}}", List.of("Ana", "$5 \\o/")));
    }

    @Test
    void valuesMustMatchTheVariables() {
        assertThrows(ApiException.class, () -> TemplateText.requireValues("Hi {{1}}", List.of()));
        assertThrows(ApiException.class, () -> TemplateText.requireValues("Hi {{1}}", List.of("a", "b")));
        assertThrows(ApiException.class, () -> TemplateText.requireValues("Hi {{1}}", List.of("  ")));
        assertThrows(ApiException.class, () -> TemplateText.requireValues("Hi {{1}}", List.of("x".repeat(1025))));
        assertEquals(List.of(), TemplateText.requireValues("Hi", null));
        assertEquals(List.of("Bo"), TemplateText.requireValues("Hi {{1}}", List.of("Bo")));
    }
}
