package dev.tocsin.probe;

import static dev.tocsin.probe.ProbeTestSupport.as;
import static dev.tocsin.probe.ProbeTestSupport.nextPass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A credential or header that no request can carry is refused at the edge; one that got in anyway
 * (an older row) makes a recorded failed run with a cause, never a monitor silently stuck in pending.
 */
@QuarkusTest
class UnsendableProbeTest extends ProbeTestBase {

    @Test
    void oneTrailingNewlineOfAPastedKeyIsTakenOffAndTheKeyWorks() {
        TestTenants.Person owner = tenants.owner("pasted");
        stub.reply("/health", Reply.of(200, "ok"));
        as(owner.writeKey()).body(Map.of("url", stub.url("/health"), "credential", "sk-PASTED-123456\n",
                "headers", Map.of("X-Team", "ops\r\n"))).post("/api/v1/monitors").then().statusCode(201);

        nextPass(engine, owner.accountId());

        assertThat(stub.received("/health")).singleElement().satisfies(r -> {
            assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer sk-PASTED-123456");
            assertThat(r.headers().getFirst("X-Team")).isEqualTo("ops");
        });
    }

    @Test
    void controlCharactersInACredentialOrHeaderAreA400NamingTheField() {
        TestTenants.Person owner = tenants.owner("ctrl");
        String url = stub.url("/health");
        for (String bad : new String[] {"sk-a\nb", "sk-ab\n\n", "sk-a\u0000b", "sk-a\rb", "sk\u0007ab"}) {
            String body = as(owner.writeKey()).body(Map.of("url", url, "credential", bad)).post("/api/v1/monitors").then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("credential"))
                    .extract().body().asString();
            assertThat(body).doesNotContain("sk-a");
            as(owner.writeKey()).body(Map.of("url", url, "headers", Map.of("X-Key", bad))).post("/api/v1/monitors").then()
                    .statusCode(400).body("errors[0].field", equalTo("headers.X-Key"));
        }
        as(owner.writeKey()).get("/api/v1/monitors").then().body("items.size()", equalTo(0));
    }

    @Test
    void aStoredHeaderNoRequestCanCarryIsRecordedAsAFailedRunWithACause() {
        TestTenants.Person owner = tenants.owner("unsendable");
        stub.reply("/health", Reply.of(200, "ok"));
        UUID id = UUID.fromString(as(owner.writeKey()).body(Map.of("url", stub.url("/health"))).post("/api/v1/monitors")
                .then().statusCode(201).extract().path("id"));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update monitors set headers = '{\"X-Key\":\"a\\nb\"}'::jsonb, sealed_headers = null where id = ?1")
                .setParameter(1, id).executeUpdate());

        ProbeEngine.Pass pass = nextPass(engine, owner.accountId());

        assertThat(pass.runs()).singleElement().satisfies(run -> {
            assertThat(run.verdict().outcome()).isEqualTo(Outcome.DOWN);
            assertThat(run.verdict().cause()).isEqualTo(dev.tocsin.catalog.Cause.BAD_REQUEST);
        });
        assertThat(stub.hits("/health")).isZero();
        as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results").then().statusCode(200)
                .body("items[0].cause", equalTo("bad_request")).body("items[0].outcome", equalTo("down"));
    }
}
