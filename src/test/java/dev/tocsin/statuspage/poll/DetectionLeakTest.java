package dev.tocsin.statuspage.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tocsin.platform.outbound.OutboundHttp;
import dev.tocsin.platform.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Detection of a status page behind a name that resolves to an internal address answers 422 without
 * the address or its kind: the caller must not be able to map our internal DNS through it.
 */
@QuarkusTest
class DetectionLeakTest {

    @Inject
    StatusPageSubscriptions subscriptions;

    @Inject
    StatusPageConfig config;

    @Inject
    PageRecorder recorder;

    @Inject
    java.time.Clock clock;

    @Test
    void aRefusedInternalAddressIsNeverEchoed() {
        try (OutboundHttp guarded = new OutboundHttp(new OutboundHttp.Options(false, 1, "Tocsin-Test/1", null))) {
            PageDetection detection = new PageDetection(guarded, subscriptions, recorder, config, clock);
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> detection.detect("http://localhost:9/status-" + System.nanoTime()));
            String detail = refused.toProblem().detail();
            assertThat(refused.toProblem().status()).isEqualTo(422);
            assertThat(detail).contains("localhost").doesNotContain("127.0.0.1").doesNotContain("::1").doesNotContain("loopback");
        }
    }
}
