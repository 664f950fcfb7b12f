package dev.tocsin.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.tocsin.account.Membership;
import dev.tocsin.account.Role;
import dev.tocsin.account.User;
import dev.tocsin.account.audit.AuditEvent;
import dev.tocsin.testing.InjectGreenMail;
import dev.tocsin.testing.Mailbox;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.PageClient;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationPageTest {

    private static final String PASSWORD = "newcomer passphrase";

    @Inject
    TestTenants tenants;

    @InjectGreenMail
    GreenMail greenMail;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    private PageClient signedIn(String email) {
        PageClient client = new PageClient();
        assertThat(client.post("/login", Map.of("email", email, "password", TestTenants.PASSWORD)).statusCode()).isEqualTo(303);
        return client;
    }

    private String invite(PageClient owner, String email, String role) {
        Response answer = owner.post("/app/members/invite", Map.of("email", email, "role", role));
        assertThat(answer.statusCode()).isEqualTo(303);
        String link = Mailbox.link(new Mailbox(greenMail).await(email, "You are invited"), "/invitations/accept?token=");
        return link.substring("http://localhost:8081".length());
    }

    private static String token(String path) {
        return URLDecoder.decode(path.substring(path.indexOf("token=") + 6), StandardCharsets.UTF_8);
    }

    @Test
    void newcomerChoosesAPasswordAndJoinsWithTheInvitedRole() {
        TestTenants.Cast cast = tenants.create();
        String newcomer = TestTenants.email("dana");
        String path = invite(signedIn(cast.alice().email()), newcomer, "viewer");

        PageClient client = new PageClient();
        Response page = client.get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().asString()).contains("Account A").contains("as viewer").contains("Choose a password");
        Response joined = client.post("/invitations/accept", Map.of("token", token(path), "password", PASSWORD));
        assertThat(joined.statusCode()).isEqualTo(303);
        assertThat(joined.header("Location")).endsWith("/app?notice=joined");
        assertThat(client.get("/app").body().asString()).contains("Account A").contains("(viewer)");

        User user = User.<User>find("email", newcomer).firstResult();
        assertThat(user.emailVerified()).as("the invitation proved the address").isTrue();
        assertThat(role(cast.accountA(), user.id)).contains(Role.VIEWER);
        assertThat(AuditEvent.count("accountId = ?1 and action = 'member.invited' and actorUserId = ?2", cast.accountA(),
                cast.alice().userId())).isEqualTo(1);
        assertThat(AuditEvent.count("accountId = ?1 and action = 'member.joined' and actorUserId = ?2", cast.accountA(), user.id))
                .isEqualTo(1);
    }

    @Test
    void existingUserSignsInFirstThenAccepts() {
        TestTenants.Cast cast = tenants.create();
        String path = invite(signedIn(cast.alice().email()), cast.charlie().email(), "admin");

        PageClient charlie = new PageClient();
        assertThat(charlie.get(path).body().asString()).contains("Sign in as " + cast.charlie().email());
        Response login = charlie.post("/login", Map.of("email", cast.charlie().email(), "password", TestTenants.PASSWORD,
                "next", path));
        assertThat(login.header("Location")).endsWith(path);
        assertThat(charlie.get(path).body().asString()).contains("Accept and join");
        assertThat(charlie.post("/invitations/accept", Map.of("token", token(path))).statusCode()).isEqualTo(303);
        assertThat(role(cast.accountA(), cast.charlie().userId())).contains(Role.ADMIN);
        assertThat(role(cast.accountB(), cast.charlie().userId())).as("keeps his own account").contains(Role.OWNER);
    }

    @Test
    void someoneElseSignedInCannotTakeTheInvitation() {
        TestTenants.Cast cast = tenants.create();
        String path = invite(signedIn(cast.alice().email()), TestTenants.email("erin"), "member");
        PageClient charlie = signedIn(cast.charlie().email());
        assertThat(charlie.get(path).body().asString()).contains("signed in as someone else");
        Response taken = charlie.post("/invitations/accept", Map.of("token", token(path)));
        assertThat(taken.statusCode()).isEqualTo(403);
        assertThat(role(cast.accountA(), cast.charlie().userId())).isEmpty();
    }

    @Test
    void invitationWorksOnce() {
        TestTenants.Cast cast = tenants.create();
        String path = invite(signedIn(cast.alice().email()), TestTenants.email("once"), "member");
        assertThat(new PageClient().post("/invitations/accept", Map.of("token", token(path), "password", PASSWORD)).statusCode())
                .isEqualTo(303);
        Response again = new PageClient().get(path);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body().asString()).contains("already used");
    }

    @Test
    void expiredOrForgedInvitationIsRefused() {
        TestTenants.Cast cast = tenants.create();
        String path = invite(signedIn(cast.alice().email()), TestTenants.email("late"), "member");
        assertThat(new PageClient().get(path.substring(0, path.length() - 3) + "abc").statusCode()).isEqualTo(400);
        MutableClock.INSTANCE.advance(Duration.ofDays(8));
        Response late = new PageClient().get(path);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body().asString()).contains("expired");
    }

    @Test
    void membersCannotInvite() {
        TestTenants.Cast cast = tenants.create();
        String target = TestTenants.email("nope");
        Response answer = signedIn(cast.bob().email()).post("/app/members/invite", Map.of("email", target, "role", "member"));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.contentType()).contains("text/html");
        assertThat(new Mailbox(greenMail).to(target)).isEmpty();
    }

    @Test
    void ownerChangesRolesButNeverLeavesTheAccountWithoutOwner() {
        TestTenants.Cast cast = tenants.create();
        PageClient alice = signedIn(cast.alice().email());
        assertThat(alice.post("/app/members/" + cast.bob().userId() + "/role", Map.of("role", "admin")).statusCode()).isEqualTo(303);
        assertThat(role(cast.accountA(), cast.bob().userId())).contains(Role.ADMIN);
        assertThat(AuditEvent.count("accountId = ?1 and action = 'member.role_changed' and target like ?2", cast.accountA(),
                cast.bob().userId() + " member -> admin")).isEqualTo(1);

        PageClient bob = signedIn(cast.bob().email());
        Response demoteOwner = bob.post("/app/members/" + cast.alice().userId() + "/role", Map.of("role", "viewer"));
        assertThat(demoteOwner.statusCode()).as("an admin cannot touch an owner").isEqualTo(403);

        Response lastOwner = alice.post("/app/members/" + cast.alice().userId() + "/role", Map.of("role", "member"));
        assertThat(lastOwner.statusCode()).isEqualTo(409);
        assertThat(role(cast.accountA(), cast.alice().userId())).contains(Role.OWNER);

        Response badRole = alice.post("/app/members/" + cast.bob().userId() + "/role", Map.of("role", "emperor"));
        assertThat(badRole.statusCode()).isEqualTo(400);
    }

    @Test
    void removedMemberLosesAccessAtOnce() {
        TestTenants.Cast cast = tenants.create();
        PageClient bob = signedIn(cast.bob().email());
        assertThat(bob.get("/app").statusCode()).isEqualTo(200);
        assertThat(signedIn(cast.alice().email()).post("/app/members/" + cast.bob().userId() + "/remove", Map.of()).statusCode())
                .isEqualTo(303);
        assertThat(bob.get("/app").statusCode()).isEqualTo(303);
    }

    @Test
    void charlieCannotManageAccountAMembers() {
        TestTenants.Cast cast = tenants.create();
        PageClient charlie = signedIn(cast.charlie().email());
        Response answer = charlie.post("/app/members/" + cast.bob().userId() + "/remove", Map.of());
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(role(cast.accountA(), cast.bob().userId())).contains(Role.MEMBER);
    }

    private static Optional<Role> role(UUID accountId, UUID userId) {
        return Membership.<Membership>find("accountId = ?1 and userId = ?2", accountId, userId).firstResultOptional().map(m -> m.role);
    }
}
