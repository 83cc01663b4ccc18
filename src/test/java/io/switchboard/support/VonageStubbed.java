package io.switchboard.support;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Carries the global test resource: every @QuarkusTest runs against the Vonage stub, so all of
 * them share one application start.
 */
@WithTestResource(value = VonageStub.class, scope = TestResourceScope.GLOBAL)
public final class VonageStubbed {

    private VonageStubbed() {
    }
}
