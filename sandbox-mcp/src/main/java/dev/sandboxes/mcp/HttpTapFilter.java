package dev.sandboxes.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Streamable HTTP's side of cancellation. Each POSTed message goes through the {@link JsonRpcTap}
 * on its session's channel (the {@code Mcp-Session-Id}); a session that ends (DELETE) stops its
 * calls. (A call whose response stream broke is stopped by its next progress notification, which
 * cannot be delivered: see {@code ExecTools}.)
 */
final class HttpTapFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final transient JsonRpcTap tap;
    private final transient RunningCalls calls;
    private final int maxBody;

    HttpTapFilter(JsonRpcTap tap, RunningCalls calls, int maxBody) {
        this.tap = tap;
        this.calls = calls;
        this.maxBody = maxBody;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String session = request.getHeader(SESSION_HEADER);
        if ("DELETE".equals(request.getMethod()) && session != null) {
            calls.endChannel(session);
            chain.doFilter(request, response);
            return;
        }
        if (!"POST".equals(request.getMethod()) || session == null) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBody + 1);
        if (body.length > maxBody) {
            response.sendError(413, "A message may be at most " + maxBody + " bytes.");
            return;
        }
        String tapped = tap.inbound(session, new String(body, StandardCharsets.UTF_8)).message();
        chain.doFilter(new Body(request, tapped.getBytes(StandardCharsets.UTF_8)), response);
    }

    /** The request with the tapped message as its body. */
    private static final class Body extends HttpServletRequestWrapper {
        private final byte[] body;

        Body(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("The tapped body is read synchronously.");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }
    }
}
