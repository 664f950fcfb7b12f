package dev.tocsin.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Declares the shared test resources once. {@code @QuarkusTestResource} on any class applies to every
 * {@code @QuarkusTest}, so all tests share one application start and one database.
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(GreenMailTestResource.class)
@QuarkusTestResource(LocalStripe.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
