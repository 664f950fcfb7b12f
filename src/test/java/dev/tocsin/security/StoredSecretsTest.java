package dev.tocsin.security;

import static dev.tocsin.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tocsin.monitor.HeaderSweep;
import dev.tocsin.notify.OutboxDrainer;
import dev.tocsin.notify.channel.TargetSweep;
import dev.tocsin.probe.ProbeEngine;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.StubServer;
import dev.tocsin.testing.StubServer.Reply;
import dev.tocsin.testing.StubbedTest;
import dev.tocsin.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Secrets a customer stores besides the credential: custom request headers and the URLs and keys of
 * Slack, Discord and PagerDuty channels. Sealed at rest, masked when shown, sent only where they were
 * meant to go, and never moved to another host by a change that does not carry them again.
 */
@QuarkusTest
class StoredSecretsTest extends StubbedTest {

    @Inject
    ProbeEngine engine;

    @Inject
    OutboxDrainer drainer;

    @Inject
    HeaderSweep headerSweep;

    @Inject
    TargetSweep targetSweep;


    /** The same server under another host name: what an attacker's host looks like to the rules. */
    private String elsewhere(String path) {
        return stub.url(path).replace("127.0.0.1", "localhost");
    }

    private UUID create(String key, String body) {
        return UUID.fromString(as(key).body(body).post("/api/v1/monitors").then().statusCode(201).extract().path("id"));
    }

    @Test
    void aChangeOfHostMustCarryTheCredentialAgainOrDropIt() {
        TestTenants.Person owner = tenants.owner("moved");
        String key = owner.writeKey();
        UUID id = create(key, "{\"url\":\"" + stub.url("/health") + "\",\"credential\":\"sk-STORED-123456789\"}");

        as(key).body("{\"url\":\"" + elsewhere("/collect") + "\"}").patch("/api/v1/monitors/" + id).then()
                .statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("credential"));
        as(key).body("{\"url\":\"https://attacker.example.net/\"}").patch("/api/v1/monitors/" + id).then()
                .statusCode(422).body("errors[0].field", equalTo("credential"));
        as(key).get("/api/v1/monitors/" + id).then().body("url", equalTo(stub.url("/health")))
                .body("hasCredential", equalTo(true));

        as(key).body("{\"url\":\"" + stub.url("/other-path") + "\"}").patch("/api/v1/monitors/" + id).then()
                .statusCode(200).body("hasCredential", equalTo(true));
        as(key).body("{\"url\":\"" + elsewhere("/health") + "\",\"credential\":null}").patch("/api/v1/monitors/" + id)
                .then().statusCode(200).body("hasCredential", equalTo(false)).body("url", equalTo(elsewhere("/health")));
        as(key).body("{\"url\":\"" + stub.url("/health") + "\",\"credential\":\"sk-NEW-123456789\"}").patch("/api/v1/monitors/" + id)
                .then().statusCode(200).body("hasCredential", equalTo(true));
    }

    @Test
    void aChangeOfProviderOrTypeMustCarryTheCredentialAgain() {
        TestTenants.Person owner = tenants.owner("reprovider");
        UUID id = create(owner.writeKey(), "{\"provider\":\"mistral\",\"credential\":\"sk-MISTRAL-123456789\"}");

        as(owner.writeKey()).body("{\"provider\":\"openai\"}").patch("/api/v1/monitors/" + id).then()
                .statusCode(422).body("errors[0].field", equalTo("credential"));
        as(owner.writeKey()).body("{\"type\":\"http\",\"provider\":null}").patch("/api/v1/monitors/" + id).then()
                .statusCode(422).body("errors[0].field", equalTo("credential"));
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("provider", equalTo("mistral"));
    }

    @Test
    void headersAreSealedMaskedSentAndMustBeGivenAgainForAnotherHost() {
        TestTenants.Person owner = tenants.owner("headers");
        String key = owner.writeKey();
        stub.reply("/health", Reply.of(200, "ok"));
        UUID id = create(key, "{\"url\":\"" + stub.url("/health") + "\",\"headers\":{\"X-Api-Key\":\"hdr-SECRET-abcd1234\"}}");

        as(key).get("/api/v1/monitors/" + id).then().body("headers.X-Api-Key", equalTo("…1234"));
        as(tenants.create().readKeyA()).get("/api/v1/monitors").then().statusCode(200);
        String column = (String) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select headers::text || encode(coalesce(sealed_headers, ''), 'escape') from monitors where id = ?1")
                .setParameter(1, id).getSingleResult());
        assertThat(column).doesNotContain("hdr-SECRET");

        as(key).body("{\"name\":\"renamed\"}").patch("/api/v1/monitors/" + id).then().statusCode(200);
        as(key).body("{\"url\":\"" + elsewhere("/health") + "\"}").patch("/api/v1/monitors/" + id).then()
                .statusCode(422).body("errors[0].field", equalTo("headers"));

        runUntilProbed(owner.accountId());
        assertThat(stub.received("/health")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers().getFirst("X-Api-Key")).isEqualTo("hdr-SECRET-abcd1234"));
    }

    @Test
    void headersStoredReadableBeforeSealingAreSealedByTheSweepAndStillSent() {
        TestTenants.Person owner = tenants.owner("legacyheaders");
        stub.reply("/legacy", Reply.of(200, "ok"));
        UUID id = create(owner.writeKey(), "{\"url\":\"" + stub.url("/legacy") + "\"}");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update monitors set headers = '{\"X-Token\":\"legacy-SECRET-5678\"}'::jsonb, sealed_headers = null where id = ?1")
                .setParameter(1, id).executeUpdate());
        as(owner.writeKey()).get("/api/v1/monitors/" + id).then().body("headers.X-Token", equalTo("…5678"));

        assertThat(headerSweep.runOnce()).isGreaterThanOrEqualTo(1);

        String column = (String) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select headers::text from monitors where id = ?1").setParameter(1, id).getSingleResult());
        assertThat(column).doesNotContain("legacy-SECRET");
        runUntilProbed(owner.accountId());
        assertThat(stub.received("/legacy")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers().getFirst("X-Token")).isEqualTo("legacy-SECRET-5678"));
    }

    @Test
    void chatWebhookUrlsAndRoutingKeysAreSealedMaskedAndStillReached() {
        TestTenants.Cast cast = tenants.create();
        String key = cast.alice().writeKey();
        stub.reply("/services/T0/B0/SLACKSECRETTOKEN", Reply.of(200, "ok"));
        String slack = stub.url("/services/T0/B0/SLACKSECRETTOKEN");
        String id = as(key).body(Map.of("type", "slack", "target", slack)).post("/api/v1/channels").then().statusCode(201)
                .body("target", equalTo("http://127.0.0.1:" + slack.split(":")[2].split("/")[0] + "/…OKEN")).extract().path("id");
        String pagerduty = as(key).body(Map.of("type", "pagerduty", "target", "abcdefghijklmnopqrstuvwxyzPDKEY1"))
                .post("/api/v1/channels").then().statusCode(201).body("target", equalTo("…KEY1")).extract().path("id");

        for (String reader : new String[] {key, cast.readKeyA(), cast.bob().writeKey()}) {
            String listed = as(reader).get("/api/v1/channels").then().statusCode(200).extract().body().asString();
            assertThat(listed).doesNotContain("SLACKSECRETTOKEN").doesNotContain("abcdefghijklmnopqrstuvwxyzPDKEY1");
        }
        String stored = (String) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select string_agg(target || encode(coalesce(sealed_target, ''), 'escape'), ' ') from channels where id in (?1, ?2)")
                .setParameter(1, UUID.fromString(id)).setParameter(2, UUID.fromString(pagerduty)).getSingleResult());
        assertThat(stored).doesNotContain("SLACKSECRETTOKEN").doesNotContain("PDKEY1");

        as(key).body(Map.of("target", slack)).patch("/api/v1/channels/" + id).then().statusCode(200);
        as(key).post("/api/v1/channels/" + id + "/test").then().statusCode(202);
        drainer.runDue(cast.accountA());
        assertThat(stub.hits("/services/T0/B0/SLACKSECRETTOKEN")).isEqualTo(1);
    }

    @Test
    void chatTargetsStoredReadableBeforeSealingAreSealedByTheSweep() {
        TestTenants.Person owner = tenants.owner("legacychat");
        String id = as(owner.writeKey()).body(Map.of("type", "discord", "target", "https://discord.example.com/api/webhooks/1/DISCORDSECRET"))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update channels set target = 'https://discord.example.com/api/webhooks/1/DISCORDSECRET', sealed_target = null where id = ?1")
                .setParameter(1, UUID.fromString(id)).executeUpdate());
        assertThat(as(owner.writeKey()).get("/api/v1/channels/" + id).body().asString()).doesNotContain("DISCORDSECRET");

        assertThat(targetSweep.runOnce()).isGreaterThanOrEqualTo(1);

        String stored = (String) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select target from channels where id = ?1").setParameter(1, UUID.fromString(id)).getSingleResult());
        assertThat(stored).isEqualTo("https://discord.example.com/…CRET");
    }

    private void runUntilProbed(UUID account) {
        for (int step = 0; step < 60; step++) {
            if (engine.runDue(account).targets() > 0) {
                return;
            }
            MutableClock.INSTANCE.advance(Duration.ofSeconds(2));
        }
        throw new AssertionError("nothing fell due");
    }
}
