package dev.tocsin.testing.contract;

import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds every API answer a rest-assured test receives to the OpenAPI document, so that the document
 * cannot drift from the code: an undocumented status, media type or field fails the test that saw it.
 */
public final class ContractFilter implements Filter {

    public static final ContractFilter INSTANCE = new ContractFilter();

    private final AtomicLong checked = new AtomicLong();

    private ContractFilter() {
    }

    /** How many answers were held to the document so far. */
    public long checked() {
        return checked.get();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String path = URI.create(request.getURI()).getPath();
        if (ApiContract.covers(path)) {
            checked.incrementAndGet();
            List<String> violations = ApiContract.ofRunningApp().violations(RestAssuredRequest.of(request), RestAssuredResponse.of(response));
            if (!violations.isEmpty()) {
                throw new AssertionError("The answer departs from the OpenAPI document:\n  " + String.join("\n  ", violations)
                        + "\nBody: " + response.asString());
            }
        }
        return response;
    }
}
