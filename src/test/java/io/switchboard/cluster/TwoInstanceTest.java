package io.switchboard.cluster;

import io.restassured.RestAssured;
import io.switchboard.support.ServiceInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

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
        List<ServiceInstance> both = ServiceInstance.startAll(List.of(name + "-1", name + "-2"));
        one = both.get(0);
        two = both.get(1);
        RestAssured.port = one.port();
    }

    @AfterAll
    static void stopInstances() {
        ServiceInstance.closeAll(one, two);
    }
}
