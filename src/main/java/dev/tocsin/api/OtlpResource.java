package dev.tocsin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.usage.UsageService;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * {@code POST /v1/traces}: OTLP/HTTP, as OpenTelemetry exporters send it (protobuf or JSON, gzip or not),
 * authenticated by {@code Authorization: Bearer <key>} like the API. The GenAI spans become usage calls;
 * the answer is OTLP's, with a partial success naming what was refused.
 */
@Path(OtlpResource.PATH)
public class OtlpResource {

    static final String PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";
    /** A decompressed export larger than this is refused: gzip must not turn 1 MB into a gigabyte. */
    private static final int MAX_DECOMPRESSED = 16 * 1024 * 1024;

    private final UsageService usage;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    OtlpResource(UsageService usage, CurrentCaller caller, ObjectMapper json) {
        this.usage = usage;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response export(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        byte[] raw = "gzip".equalsIgnoreCase(encoding) ? gunzip(body) : body == null ? new byte[0] : body;
        boolean protobuf = contentType == null || contentType.startsWith(PROTOBUF);
        if (!protobuf && !contentType.startsWith(MediaType.APPLICATION_JSON)) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported Media Type",
                    "Send OTLP as application/x-protobuf or application/json.");
        }
        ExportTraceServiceRequest export = protobuf ? parseProtobuf(raw) : parseJson(raw);
        UsageService.SpansTaken taken = usage.acceptSpans(caller.get().accountId(), export);
        ExportTraceServiceResponse.Builder answer = ExportTraceServiceResponse.newBuilder();
        if (taken.rejected() > 0) {
            answer.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(taken.rejected())
                    .setErrorMessage(taken.rejected() + " GenAI span(s) refused; the first because " + taken.firstRejection()));
        }
        if (protobuf) {
            return Response.ok(answer.build().toByteArray(), PROTOBUF).build();
        }
        try {
            return Response.ok(JsonFormat.printer().print(answer.build()), MediaType.APPLICATION_JSON).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExportTraceServiceRequest parseProtobuf(byte[] raw) {
        try {
            return ExportTraceServiceRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new ProblemException(400, "malformed-otlp", "Malformed OTLP", "The body is not an OTLP ExportTraceServiceRequest in protobuf.");
        }
    }

    /**
     * OTLP's JSON writes trace and span ids in hex where protobuf's JSON mapping expects base64; Tocsin
     * needs neither, so they are dropped before parsing.
     */
    private ExportTraceServiceRequest parseJson(byte[] raw) {
        try {
            JsonNode tree = json.readTree(raw);
            dropIds(tree);
            ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(json.writeValueAsString(tree), builder);
            return builder.build();
        } catch (IOException e) {
            throw new ProblemException(400, "malformed-otlp", "Malformed OTLP", "The body is not an OTLP ExportTraceServiceRequest in JSON.");
        }
    }

    private static void dropIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(java.util.List.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"));
        }
        node.forEach(OtlpResource::dropIds);
    }

    private static byte[] gunzip(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body == null ? new byte[0] : body))) {
            byte[] out = in.readNBytes(MAX_DECOMPRESSED + 1);
            if (out.length > MAX_DECOMPRESSED) {
                throw new ProblemException(413, "payload-too-large", "Payload Too Large", "The export is larger than 16 MB once decompressed.");
            }
            return out;
        } catch (IOException e) {
            throw new ProblemException(400, "malformed-otlp", "Malformed OTLP", "The body is not valid gzip.");
        }
    }
}
