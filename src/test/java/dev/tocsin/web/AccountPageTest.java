package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.account.Account;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountPageTest {

    @Inject
    TestTenants tenants;

    private static PageClient signedIn(String email) {
        PageClient client = new PageClient();
        assertThat(client.post("/login", Map.of("email", email, "password", TestTenants.PASSWORD)).statusCode()).isEqualTo(303);
        return client;
    }

    @Test
    void ownerDeletesTheAccountAndEverythingInIt() {
        TestTenants.Cast cast = tenants.create();
        PageClient alice = signedIn(cast.alice().email());
        Response wrongName = alice.post("/app/account/delete", Map.of("confirm", "Account Z"));
        assertThat(wrongName.statusCode()).isEqualTo(400);
        assertThat((Object) Account.findById(cast.accountA())).isNotNull();

        Response deleted = alice.post("/app/account/delete", Map.of("confirm", "Account A"));
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(Account.count("id", cast.accountA())).isZero();
        assertThat(Monitor.count("id", cast.monitorA())).as("the account's monitors went with it").isZero();
        assertThat(alice.get("/app").statusCode()).isEqualTo(303);
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + cast.alice().writeKey())
                .get("/api/v1/account").then().statusCode(401);
        assertThat((Object) Account.findById(cast.accountB())).as("other accounts untouched").isNotNull();
    }

    @Test
    void onlyOwnersMayDelete() {
        TestTenants.Cast cast = tenants.create();
        PageClient bob = signedIn(cast.bob().email());
        assertThat(bob.get("/app/account").body().asString()).doesNotContain("delete-account");
        assertThat(bob.post("/app/account/delete", Map.of("confirm", "Account A")).statusCode()).isEqualTo(403);
        assertThat((Object) Account.findById(cast.accountA())).isNotNull();
    }
}
