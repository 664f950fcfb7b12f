package dev.tocsin.api.openapi;

import dev.tocsin.platform.problem.Problem;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/** The problem+json document (RFC 9457) as the OpenAPI document describes it, and the error answers that carry it. */
final class Problems {

    private Problems() {
    }

    static Schema schema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .required(List.of("field", "message"))
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("JSON path of the field, e.g. intervalSeconds or headers.X-Key"))
                .addProperty("message", string);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details. type is stable (branch on it); detail is for people.")
                .required(List.of("type", "title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("https://tocsin.dev/problems/<slug>, e.g. …/validation, …/not-found"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string)
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError)
                        .description("One entry per invalid field (validation problems only)"));
    }

    /** Adds an error answer unless the operation documents that status itself. */
    static void add(APIResponses responses, String status, String description) {
        if (responses.getAPIResponse(status) == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(content()));
        }
    }

    /** An error the HTTP server answers before the application sees the request: it has no body. */
    static void addWithoutBody(APIResponses responses, String status, String description) {
        if (responses.getAPIResponse(status) == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                    .content(OASFactory.createContent()));
        }
    }

    /**
     * Every 4xx and 5xx answer of an operation carries a problem document, however it was declared,
     * unless it was declared with an empty content on purpose (see {@link #addWithoutBody}).
     */
    static void completeErrors(APIResponses responses) {
        if (responses == null) {
            return;
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if ((status.startsWith("4") || status.startsWith("5")) && empty(response)) {
                response.setContent(content());
            }
        });
    }

    private static boolean empty(APIResponse response) {
        return response.getRef() == null && response.getContent() == null;
    }

    private static Content content() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(ApiDocument.ref(ApiDocument.PROBLEM)));
    }
}
