package io.switchboard.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.switchboard.support.Fixtures;
import io.switchboard.support.Fixtures.User;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A token's signature is checked once, and a token that fails the check never passes for a checked one. */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    JWTParser parser;

    @Test
    void aTokenIsVerifiedOnceThenKept() throws Exception {
        User agent = Fixtures.workspace().agent();
        JsonWebToken first = parser.parse(agent.token());
        assertSame(first, parser.parse(agent.token()), "the second use pays no signature check");
        given().auth().oauth2(agent.token()).get("/api/me").then().statusCode(200);
    }

    @Test
    void customClaimsAreReadWithoutAnException() throws Exception {
        User agent = Fixtures.workspace().agent();
        JsonWebToken token = parser.parse(agent.token());
        TokenPrincipals.Principal principal = assertInstanceOf(TokenPrincipals.Principal.class, token,
                "smallrye-jwt's own principal throws and catches an exception for each custom claim read");
        assertEquals(Claims.UNKNOWN, principal.getClaimType(Tokens.WORKSPACE_CLAIM));
        assertEquals(Claims.sub, principal.getClaimType("sub"));
        assertEquals(agent.id(), token.getSubject());
        assertEquals(0, Tokens.credentialsVersionOf(token));
        assertEquals(Callers.fromToken(token).workspaceId().toString(), token.getClaim(Tokens.WORKSPACE_CLAIM).toString());
    }

    @Test
    void aTamperedTokenIsRefusedThoughTheRealOneWasVerified() {
        User agent = Fixtures.workspace().agent();
        given().auth().oauth2(agent.token()).get("/api/me").then().statusCode(200);
        int signature = agent.token().lastIndexOf('.') + 1;
        char flipped = agent.token().charAt(signature) == 'A' ? 'B' : 'A';
        String tampered = agent.token().substring(0, signature) + flipped + agent.token().substring(signature + 1);
        assertThrows(ParseException.class, () -> parser.parse(tampered));
        given().auth().oauth2(tampered).get("/api/me").then().statusCode(401);
    }
}
