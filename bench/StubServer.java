import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's probe target: answers 200 {"ok":true} to any request, as fast as Netty allows,
 * honouring keep-alive and Connection: close. It counts what it answered; GET /_stub/count returns that
 * count (itself not counted) and the count is printed on exit.
 *
 * <p>Run from the repository root with the app's Netty jars:
 * {@code java -cp "target/quarkus-app/lib/main/*" bench/StubServer.java <port> [threads]}
 */
public final class StubServer {

    private static final byte[] BODY = "{\"ok\":true}".getBytes(CharsetUtil.US_ASCII);
    private static final String COUNT_PATH = "/_stub/count";
    private static final LongAdder ANSWERED = new LongAdder();

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: StubServer <port> [event-loop threads, default: number of CPUs]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("stub-accept"));
        EventLoopGroup workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("stub-io"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stub answered " + ANSWERED.sum())));
        ChannelHandler handler = new Answer();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), handler);
                    }
                });
        bootstrap.bind("127.0.0.1", port).sync();
        System.out.println("stub listening on 127.0.0.1:" + port + " with " + threads + " event-loop threads");
        boss.terminationFuture().sync();
    }

    @ChannelHandler.Sharable
    private static final class Answer extends SimpleChannelInboundHandler<HttpObject> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            // Bodies (LastHttpContent and friends) are dropped; the answer goes out on the request line.
            if (!(msg instanceof HttpRequest request)) {
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            ByteBuf body;
            if (COUNT_PATH.equals(request.uri())) {
                body = Unpooled.copiedBuffer(Long.toString(ANSWERED.sum()), CharsetUtil.US_ASCII);
            } else {
                ANSWERED.increment();
                body = Unpooled.wrappedBuffer(BODY);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (keepAlive) {
                if (!request.protocolVersion().isKeepAliveDefault()) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
