package dev.tocsin.probe;

import static dev.tocsin.probe.ProbeTestSupport.as;
import static dev.tocsin.probe.ProbeTestSupport.createMonitor;
import static dev.tocsin.probe.ProbeTestSupport.nextPass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A Retry-After from the far future delays the target by at most max(interval, 1 h), and the run says so. */
@QuarkusTest
class RetryAfterCapTest extends ProbeTestBase {

    @ParameterizedTest(name = "Retry-After: {0}")
    @ValueSource(strings = {"Fri, 31 Dec 9999 23:59:59 GMT", "9999999999"})
    void anEndlessRetryAfterIsCappedAtAnHourAndShown(String retryAfter) {
        TestTenants.Person owner = tenants.owner("retryafter");
        stub.reply("/limited", Reply.of(429, "{\"error\":\"slow down\"}").with("Retry-After", retryAfter));
        UUID id = createMonitor(owner.writeKey(), Map.of("url", stub.url("/limited")));

        nextPass(engine, owner.accountId());
        Instant now = MutableClock.INSTANCE.instant();

        Instant next = (Instant) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select t.next_run_at from probe_targets t join monitors m on m.target_id = t.id where m.id = ?1", Instant.class)
                .setParameter(1, id).getSingleResult());
        assertThat(next).isBefore(now.plus(Duration.ofHours(1)).plusSeconds(60)).isAfter(now.plus(Duration.ofMinutes(50)));
        as(owner.writeKey()).get("/api/v1/monitors/" + id + "/results").then().statusCode(200)
                .body("items[0].reason", containsString("Tocsin waits at most 1 h"));
    }
}
