package dev.tocsin.platform.outbound;

import dev.tocsin.platform.outbound.OutboundFailure.Kind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One request's way through DNS, the address guard, connect, TLS and HTTP. Every method except
 * {@link #result()} runs on the request's event loop, so the state needs no locking; the first outcome
 * (response, failure or deadline) wins and everything after it is ignored.
 */
final class Exchange {

    enum Phase { DNS, CONNECT, TLS, HEAD, BODY }

    private static final byte[] NO_BODY = new byte[0];

    private final OutboundHttp client;
    private final EventLoop loop;
    private final OutboundRequest request;
    private final CompletableFuture<OutboundResponse> result = new CompletableFuture<>();
    // Reset when the event loop takes the request up: time spent queued for the loop is the caller's
    // load, not the target's latency, and must not make a healthy endpoint look slow.
    private long started = System.nanoTime();

    private boolean done;
    private Phase phase = Phase.DNS;
    private long phaseStarted = started;
    private long dnsMs = -1;
    private long connectMs = -1;
    private long tlsMs = -1;
    private long firstByteMs = -1;
    private ScheduledFuture<?> deadline;
    private List<InetAddress> candidates;
    private int nextCandidate;
    private InetSocketAddress target;
    private Channel channel;
    private Instant certificateNotAfter;
    private int status;
    private Map<String, List<String>> headers = Map.of();

    Exchange(OutboundHttp client, EventLoop loop, OutboundRequest request) {
        this.client = client;
        this.loop = loop;
        this.request = request;
    }

    CompletionStage<OutboundResponse> result() {
        return result.minimalCompletionStage();
    }

    EventLoop loop() {
        return loop;
    }

    void start() {
        started = System.nanoTime();
        phaseStarted = started;
        // The one deadline lives on the same loop as the channel, so expiry never races a callback.
        deadline = loop.schedule(this::expire, request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (client.isClosed()) {
            abort();
            return;
        }
        String host = request.host();
        try {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
            if (literal != null) {
                vet(List.of(NettyWire.addressOf(literal)));
            } else if (host.toLowerCase(Locale.ROOT).endsWith(".invalid")) {
                // RFC 6761: resolvers answer no for .invalid at once, without asking a server.
                fail(Kind.DNS, FailureMessages.dns(host, null));
            } else {
                client.resolver(loop).resolveAll(host).addListener((Future<List<InetAddress>> f) -> resolved(f));
            }
        } catch (RuntimeException e) {
            // A bug here would otherwise surface only as a timeout, hiding its cause.
            fail(Kind.CONNECT, "could not start the request: " + e);
        }
    }

    void abort() {
        fail(Kind.CONNECT, "the outbound HTTP client shut down before the request finished");
    }

    private void resolved(Future<List<InetAddress>> lookup) {
        if (done) {
            return;
        }
        dnsMs = sinceMs(phaseStarted);
        if (!lookup.isSuccess() || lookup.getNow().isEmpty()) {
            fail(Kind.DNS, FailureMessages.dns(request.host(), lookup.cause()));
            return;
        }
        vet(lookup.getNow());
    }

    private void vet(List<InetAddress> resolved) {
        try {
            candidates = client.guard().check(request.host(), resolved).stream()
                    .sorted(Comparator.comparing(address -> !(address instanceof Inet4Address)))
                    .toList();
        } catch (AddressGuard.RefusedAddressException e) {
            fail(Kind.REFUSED, e.getMessage());
            return;
        }
        enter(Phase.CONNECT);
        connectNext();
    }

    /** Connects to a vetted address, never to the name: resolving again would reopen DNS rebinding. */
    private void connectNext() {
        target = new InetSocketAddress(candidates.get(nextCandidate++), request.port());
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0) // the request deadline bounds the connect
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NettyWire.initPipeline(ch, request, client.sslContext(), Exchange.this);
                    }
                });
        if (client.localAddress() != null) {
            bootstrap.localAddress(new InetSocketAddress(client.localAddress(), 0));
        }
        ChannelFuture connect = bootstrap.connect(target);
        channel = connect.channel();
        connect.addListener(f -> connected(connect));
    }

    private void connected(ChannelFuture connect) {
        if (done) {
            return;
        }
        if (!connect.isSuccess()) {
            if (nextCandidate < candidates.size()) {
                connectNext();
            } else {
                fail(Kind.CONNECT, FailureMessages.connect(request.host(), target, connect.cause()));
            }
            return;
        }
        connectMs = sinceMs(phaseStarted);
        if (!request.https()) {
            sendRequest();
            return;
        }
        enter(Phase.TLS);
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        ssl.handshakeFuture().addListener(f -> handshaken(f, ssl));
    }

    private void handshaken(Future<?> handshake, SslHandler ssl) {
        if (done) {
            return;
        }
        if (!handshake.isSuccess()) {
            fail(Kind.TLS, FailureMessages.tls(request.host(), handshake.cause()));
            return;
        }
        tlsMs = sinceMs(phaseStarted);
        certificateNotAfter = NettyWire.leafNotAfter(ssl);
        sendRequest();
    }

    private void sendRequest() {
        enter(Phase.HEAD);
        channel.writeAndFlush(NettyWire.httpRequest(request, client.userAgent())).addListener(f -> {
            if (f.isSuccess()) {
                phaseStarted = System.nanoTime(); // first byte counts from the request being on the wire
            } else if (!done) {
                fail(Kind.PROTOCOL, "connection lost while sending the request: " + f.cause().getMessage());
            }
        });
    }

    void onHead(int status, Map<String, List<String>> headers) {
        if (done) {
            return;
        }
        firstByteMs = sinceMs(phaseStarted);
        this.status = status;
        this.headers = headers;
        enter(Phase.BODY);
    }

    void onBody(byte[] body, boolean truncated) {
        complete(body, truncated, null);
    }

    void onInvalidResponse(String why) {
        fail(Kind.PROTOCOL, "invalid HTTP response: " + why);
    }

    void onClosed() {
        fail(phase == Phase.TLS ? Kind.TLS : Kind.PROTOCOL, "the server closed the connection " + describe(phase));
    }

    void onException(Throwable cause) {
        if (phase == Phase.TLS) {
            fail(Kind.TLS, FailureMessages.tls(request.host(), cause));
        } else if (cause instanceof DecompressionException) {
            fail(Kind.PROTOCOL, "the response body could not be decoded: " + cause.getMessage());
        } else if (cause instanceof IOException) {
            fail(Kind.PROTOCOL, "connection lost " + describe(phase) + ": " + cause.getMessage());
        } else {
            onInvalidResponse(String.valueOf(FailureMessages.root(cause).getMessage()));
        }
    }

    private void expire() {
        fail(Kind.TIMEOUT, "timed out after " + request.timeout().toMillis() + " ms " + describe(phase));
    }

    private String describe(Phase phase) {
        return FailureMessages.during(phase, request.host(), target);
    }

    private void fail(Kind kind, String message) {
        complete(NO_BODY, false, new OutboundFailure(kind, message));
    }

    private void complete(byte[] body, boolean truncated, OutboundFailure failure) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
        client.finished(this);
        OutboundResponse.Timings timings = new OutboundResponse.Timings(dnsMs, connectMs, tlsMs, firstByteMs, sinceMs(started));
        result.complete(new OutboundResponse(status, headers, body, truncated, timings,
                Optional.ofNullable(certificateNotAfter), Optional.ofNullable(failure)));
    }

    private void enter(Phase next) {
        phase = next;
        phaseStarted = System.nanoTime();
    }

    private static long sinceMs(long from) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
    }
}
