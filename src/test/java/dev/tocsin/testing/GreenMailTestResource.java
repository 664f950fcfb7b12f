package dev.tocsin.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real SMTP server for the whole test run, on 3025 as application.properties gives the mailer, or on
 * the port of the system property {@code test.smtp-port} (to run a second build beside one).
 */
public class GreenMailTestResource implements QuarkusTestResourceLifecycleManager {

    static final int PORT = Integer.getInteger("test.smtp-port", 3025);
    private GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        greenMail = new GreenMail(new ServerSetup(PORT, "localhost", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return Map.of("tocsin.mail.port", String.valueOf(PORT));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(greenMail, new TestInjector.AnnotatedAndMatchesType(InjectGreenMail.class, GreenMail.class));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
