package dev.tocsin.platform.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the one response of a connection into its {@link Exchange}. It keeps at most {@code maxBodyBytes}
 * of the decoded body and reports as soon as the cap is passed, so the exchange closes the connection
 * instead of draining a large body it would throw away.
 */
final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {

    private final Exchange exchange;
    private final int maxBodyBytes;
    private byte[] body = new byte[0];
    private int size;
    private boolean interim;
    private boolean finished;

    ResponseHandler(Exchange exchange, int maxBodyBytes) {
        this.exchange = exchange;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (finished) {
            return;
        }
        if (msg.decoderResult().isFailure()) {
            finished = true;
            exchange.onInvalidResponse(String.valueOf(FailureMessages.root(msg.decoderResult().cause()).getMessage()));
            return;
        }
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            // A 1xx (100 Continue, 103 Early Hints) precedes the real response; 101 would end HTTP and stays final.
            interim = code >= 100 && code < 200 && code != 101;
            if (!interim) {
                exchange.onHead(code, headers(response.headers()));
            }
        }
        if (interim) {
            interim = !(msg instanceof LastHttpContent);
            return;
        }
        if (msg instanceof HttpContent content && !append(content.content())) {
            finished = true;
            exchange.onBody(trimmed(), true);
            return;
        }
        if (msg instanceof LastHttpContent) {
            finished = true;
            exchange.onBody(trimmed(), false);
        }
    }

    /** Appends what fits under the cap; false when the chunk did not fit entirely. */
    private boolean append(ByteBuf chunk) {
        int take = Math.min(chunk.readableBytes(), maxBodyBytes - size);
        if (size + take > body.length) {
            // Most bodies come in one chunk and are small: the first one gets exactly its size (a fixed
            // 8 KiB per response was most of the engine's allocation), later ones double it.
            int grown = Math.max(size + take, Math.min(maxBodyBytes, body.length * 2));
            body = Arrays.copyOf(body, grown);
        }
        chunk.readBytes(body, size, take);
        size += take;
        return !chunk.isReadable();
    }

    private byte[] trimmed() {
        return size == body.length ? body : Arrays.copyOf(body, size);
    }

    private static Map<String, List<String>> headers(HttpHeaders headers) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        headers.forEach(h -> byName.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(h.getValue()));
        byName.replaceAll((name, values) -> List.copyOf(values));
        return byName;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!finished) {
            finished = true;
            exchange.onClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Handled here rather than passed on: the tail of the pipeline would log it as unhandled.
        if (!finished) {
            finished = true;
            exchange.onException(cause);
        }
        ctx.close();
    }
}
