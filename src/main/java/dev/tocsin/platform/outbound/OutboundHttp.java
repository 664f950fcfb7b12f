package dev.tocsin.platform.outbound;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one way Tocsin calls out over HTTP: every request on a fresh connection to an address the
 * {@link AddressGuard} vetted, with each phase timed, on a few event-loop threads rather than a thread per
 * request. {@link #send} never completes exceptionally; every failure is a response with a failure.
 * Stages complete on an event-loop thread: callers must not block in dependent stages (use the
 * {@code *Async} variants with their own executor for anything slow).
 */
public final class OutboundHttp implements AutoCloseable {

    /**
     * How the client behaves. {@code eventLoopThreads} 0 means one per CPU; {@code trustManagerFactory} null
     * means the JDK's default trust store (tests pass their own to trust a generated certificate); {@code localAddress}
     * null lets the system choose the source address of each connection.
     */
    public record Options(boolean allowPrivateAddresses, int eventLoopThreads, String userAgent,
            TrustManagerFactory trustManagerFactory, InetAddress localAddress) {

        /** Connections leave from an address the system chooses. */
        public Options(boolean allowPrivateAddresses, int eventLoopThreads, String userAgent, TrustManagerFactory trustManagerFactory) {
            this(allowPrivateAddresses, eventLoopThreads, userAgent, trustManagerFactory, null);
        }

        public Options {
            if (eventLoopThreads < 0) {
                throw new IllegalArgumentException("eventLoopThreads must not be negative: " + eventLoopThreads);
            }
            if (userAgent == null || userAgent.isBlank() || userAgent.indexOf('\r') >= 0 || userAgent.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("userAgent must be one non-blank line");
            }
        }
    }

    // Per DNS query; the resolver may ask again or another server, and the request deadline bounds them all.
    private static final long DNS_QUERY_TIMEOUT_MS = 2_000;

    private final EventLoopGroup group;
    private final Map<EventExecutor, DnsNameResolver> resolvers = new HashMap<>();
    private final AddressGuard guard;
    private final SslContext sslContext;
    private final String userAgent;
    private final InetAddress localAddress;
    // Only so that close() can finish what is still running; nothing here limits or counts requests.
    private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public OutboundHttp(Options options) {
        this.guard = new AddressGuard(options.allowPrivateAddresses());
        this.userAgent = options.userAgent();
        this.localAddress = options.localAddress();
        try {
            this.sslContext = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .trustManager(options.trustManagerFactory())
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for outbound HTTP: " + e.getMessage(), e);
        }
        int threads = options.eventLoopThreads() > 0 ? options.eventLoopThreads() : Runtime.getRuntime().availableProcessors();
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("tocsin-outbound", true));
        // One resolver per loop: its answers then arrive on the loop that owns the request, without a hop.
        for (EventExecutor executor : group) {
            resolvers.put(executor, new DnsNameResolverBuilder((EventLoop) executor)
                    .datagramChannelType(NioDatagramChannel.class)
                    .socketChannelType(NioSocketChannel.class)
                    .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                    .queryTimeoutMillis(DNS_QUERY_TIMEOUT_MS)
                    .build());
        }
    }

    public CompletionStage<OutboundResponse> send(OutboundRequest request) {
        Objects.requireNonNull(request, "request");
        EventLoop loop = group.next();
        Exchange exchange = new Exchange(this, loop, request);
        if (closed) {
            exchange.abort();
            return exchange.result();
        }
        inFlight.add(exchange);
        try {
            loop.execute(exchange::start);
        } catch (RejectedExecutionException e) {
            exchange.abort();
        }
        return exchange.result();
    }

    /** Fails what is still in flight, then stops the event loops and waits a few seconds for them. */
    @Override
    public void close() {
        closed = true;
        for (Exchange exchange : inFlight) {
            try {
                exchange.loop().execute(exchange::abort);
            } catch (RejectedExecutionException e) {
                exchange.abort(); // the loop is already gone, so nothing else touches this exchange
            }
        }
        resolvers.values().forEach(DnsNameResolver::close);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    DnsNameResolver resolver(EventLoop loop) {
        return resolvers.get(loop);
    }

    AddressGuard guard() {
        return guard;
    }

    SslContext sslContext() {
        return sslContext;
    }

    /** The source address of every connection, or null for the system's choice. */
    InetAddress localAddress() {
        return localAddress;
    }

    String userAgent() {
        return userAgent;
    }

    boolean isClosed() {
        return closed;
    }

    void finished(Exchange exchange) {
        inFlight.remove(exchange);
    }
}
