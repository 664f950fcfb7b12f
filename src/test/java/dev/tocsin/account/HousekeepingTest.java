package dev.tocsin.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.account.session.Session;
import dev.tocsin.account.session.Sessions;
import dev.tocsin.platform.security.RateLimiter;
import dev.tocsin.testing.MutableClock;
import dev.tocsin.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Inject
    Sessions sessions;

    @Inject
    RateLimiter limiter;

    @Inject
    TestTenants tenants;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void expiredSessionsGoLiveOnesStay() {
        TestTenants.Cast cast = tenants.create();
        String old = sessions.open(cast.alice().userId(), cast.accountA());
        MutableClock.INSTANCE.advance(Duration.ofDays(31));
        String fresh = sessions.open(cast.alice().userId(), cast.accountA());
        housekeeping.runOnce();
        assertThat(sessions.find(old)).isEmpty();
        assertThat(sessions.find(fresh)).isPresent();
        assertThat(Session.count("userId", cast.alice().userId())).isEqualTo(1);
    }

    @Test
    void rateLimitWindowsAreForgottenAfterADay() {
        String bucket = "test:" + TestTenants.email("bucket");
        assertThat(limiter.hit(bucket, 1, Duration.ofMinutes(15)).allowed()).isTrue();
        assertThat(limiter.hit(bucket, 1, Duration.ofMinutes(15)).allowed()).isFalse();
        MutableClock.INSTANCE.advance(Duration.ofDays(2));
        housekeeping.runOnce();
        MutableClock.INSTANCE.reset();
        assertThat(limiter.hit(bucket, 1, Duration.ofMinutes(15)).allowed()).as("the old window was deleted").isTrue();
    }
}
