package dev.tocsin.platform.outbound;

import io.netty.buffer.Unpooled;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLPeerUnverifiedException;

/** How an {@link OutboundRequest} maps onto Netty: the channel pipeline, the request, the certificate read back. */
final class NettyWire {

    private NettyWire() {
    }

    static void initPipeline(SocketChannel ch, OutboundRequest request, SslContext sslContext, Exchange exchange) {
        if (request.https()) {
            // SNI and hostname verification both use the URL's host; the context turns verification on.
            SslHandler ssl = sslContext.newHandler(ch.alloc(), request.host(), request.port());
            ssl.setHandshakeTimeoutMillis(0); // the request deadline covers the handshake and names the phase
            ch.pipeline().addLast(ssl);
        }
        ch.pipeline().addLast(new HttpClientCodec(), new HttpContentDecompressor(),
                new ResponseHandler(exchange, request.maxBodyBytes()));
    }

    static DefaultFullHttpRequest httpRequest(OutboundRequest request, String defaultUserAgent) {
        byte[] body = request.body();
        DefaultFullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.method()), request.target(),
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = http.headers();
        h.set(HttpHeaderNames.HOST, request.hostHeader());
        request.headers().forEach(h::set);
        if (!h.contains(HttpHeaderNames.USER_AGENT)) {
            h.set(HttpHeaderNames.USER_AGENT, defaultUserAgent);
        }
        if (!h.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
            h.set(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate");
        }
        // A fresh connection per request keeps every phase measurable; the framing is ours, not the caller's.
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (body != null) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        } else {
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        return http;
    }

    static InetAddress addressOf(byte[] ipLiteral) {
        try {
            return InetAddress.getByAddress(ipLiteral);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Netty returned an address of invalid length", e);
        }
    }

    /** The expiry of the certificate the server presented, or null when there is none. */
    static Instant leafNotAfter(SslHandler ssl) {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf.getNotAfter().toInstant() : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // not reachable after a verified handshake
        }
    }
}
