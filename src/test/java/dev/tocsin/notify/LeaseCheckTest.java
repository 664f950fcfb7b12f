package dev.tocsin.notify;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A lease shorter than twice the longest send would hand every delivery back unsent: the start refuses it. */
class LeaseCheckTest {

    @Test
    void theDefaultsFit() {
        assertThatCode(() -> Transports.checkLease(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .doesNotThrowAnyException();
    }

    @Test
    void aLeaseNoLongerThanAWebhookCallIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> Transports.checkLease(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tocsin.notify.lease").hasMessageContaining("tocsin.notify.http-timeout = PT10S");
    }

    @Test
    void aLeaseShorterThanTwoMailBudgetsIsRefused() {
        assertThatThrownBy(() -> Transports.checkLease(Duration.ofSeconds(50), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .hasMessageContaining("3 × tocsin.mail.timeout = PT30S");
        assertThatCode(() -> Transports.checkLease(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .doesNotThrowAnyException();
    }
}
