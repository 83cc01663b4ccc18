package io.switchboard.cluster;

import io.restassured.RestAssured;
import io.switchboard.support.ServiceInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Tests run against two instances of the packaged service sharing PostgreSQL and Redis, the way
 * production scales out; REST calls go to the first unless a test names the other.
 */
abstract class TwoInstanceTest {

    static ServiceInstance one;
    static ServiceInstance two;

    @BeforeAll
    static void startInstances(TestInfo test) {
        String name = test.getTestClass().map(Class::getSimpleName).orElse("two-instances");
        one = ServiceInstance.start(name + "-1");
        two = ServiceInstance.start(name + "-2");
        RestAssured.port = one.port();
    }

    @AfterAll
    static void stopInstances() {
        ServiceInstance.closeAll(one, two);
    }
}
