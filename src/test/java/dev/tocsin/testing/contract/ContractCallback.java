package dev.tocsin.testing.contract;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Installs {@link ContractFilter} for every {@code @QuarkusTest} (registered in META-INF/services), so
 * no API test can opt out by forgetting to.
 */
public class ContractCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(ContractFilter.INSTANCE)) {
            RestAssured.filters(ContractFilter.INSTANCE);
        }
    }
}
