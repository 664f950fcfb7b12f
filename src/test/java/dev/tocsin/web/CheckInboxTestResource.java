package dev.tocsin.web;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Exists only in the test application: renders "Check your inbox" both ways, since tests always have a
 * mail server and so never see the page dev shows without one.
 */
@Path("/test-only/check-inbox")
public class CheckInboxTestResource {

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("email") String email, @QueryParam("printedToLog") boolean printedToLog) {
        return SignupPage.Templates.checkInbox(email, printedToLog);
    }
}
