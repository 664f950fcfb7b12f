package dev.tocsin.platform;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point. It only adds one thing to Quarkus's own: when the start fails because
 * the database refused or could not be reached, the operator is told which setting to fix.
 */
@QuarkusMain
public class TocsinMain {

    public static void main(String... args) {
        Quarkus.run(Service.class, (exitCode, failure) -> {
            if (failure != null) {
                // With a custom exit handler Quarkus leaves reporting the failure to us.
                System.err.println(StartupFailureHint.report(failure));
                System.exit(exitCode == 0 ? 1 : exitCode);
            }
        }, args);
    }

    /** Runs until asked to stop; the work happens in HTTP handlers and scheduled jobs. */
    public static class Service implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }
}
