package dev.videogen.aws.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URI;
import java.security.Permission;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A JDK {@link HttpURLConnection} that sends a small request body from a buffer instead of streaming it.
 *
 * <p>The SDK's url-connection client puts every request with a body in fixed-length streaming mode. For a streamed
 * {@code POST} over a kept-alive connection the JDK first checks that the server has not closed it, by reading from
 * the socket with a one-millisecond timeout (it could not send a streamed body again): every SQS send pays that
 * millisecond. A buffered body can be sent again on a fresh connection, so the JDK skips the check. Bodies up to
 * {@link #BUFFERED_LIMIT} are buffered (an SQS message, a presign-free API call); larger ones (S3 uploads) stream as
 * before. Everything else is the JDK connection's own behaviour.
 */
final class SmallBodyConnection extends HttpURLConnection {

    /** The largest body sent from a buffer; larger ones stream. */
    static final long BUFFERED_LIMIT = 256 * 1024;

    private final HttpURLConnection connection;

    private SmallBodyConnection(HttpURLConnection connection) {
        super(connection.getURL());
        this.connection = connection;
    }

    /** Opens a connection to {@code uri} with the SDK client's timeouts, as the client's own factory does. */
    static HttpURLConnection open(URI uri, Duration connectTimeout, Duration readTimeout) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
            connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
            return new SmallBodyConnection(connection);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri, e);
        }
    }

    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        if (contentLength > BUFFERED_LIMIT) {
            connection.setFixedLengthStreamingMode(contentLength);
        }
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        setFixedLengthStreamingMode((long) contentLength);
    }

    @Override
    public void setChunkedStreamingMode(int chunkLength) {
        connection.setChunkedStreamingMode(chunkLength);
    }

    @Override
    public void connect() throws IOException {
        connection.connect();
    }

    @Override
    public void disconnect() {
        connection.disconnect();
    }

    @Override
    public boolean usingProxy() {
        return connection.usingProxy();
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        connection.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return connection.getRequestMethod();
    }

    @Override
    public int getResponseCode() throws IOException {
        return connection.getResponseCode();
    }

    @Override
    public String getResponseMessage() throws IOException {
        return connection.getResponseMessage();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return connection.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return connection.getErrorStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return connection.getOutputStream();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        connection.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        connection.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return connection.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        return connection.getRequestProperties();
    }

    @Override
    public String getHeaderField(String name) {
        return connection.getHeaderField(name);
    }

    @Override
    public String getHeaderField(int n) {
        return connection.getHeaderField(n);
    }

    @Override
    public String getHeaderFieldKey(int n) {
        return connection.getHeaderFieldKey(n);
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return connection.getHeaderFields();
    }

    @Override
    public long getHeaderFieldLong(String name, long fallback) {
        return connection.getHeaderFieldLong(name, fallback);
    }

    @Override
    public int getHeaderFieldInt(String name, int fallback) {
        return connection.getHeaderFieldInt(name, fallback);
    }

    @Override
    public long getHeaderFieldDate(String name, long fallback) {
        return connection.getHeaderFieldDate(name, fallback);
    }

    @Override
    public int getContentLength() {
        return connection.getContentLength();
    }

    @Override
    public long getContentLengthLong() {
        return connection.getContentLengthLong();
    }

    @Override
    public String getContentType() {
        return connection.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return connection.getContentEncoding();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        connection.setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return connection.getDoOutput();
    }

    @Override
    public void setDoInput(boolean doInput) {
        connection.setDoInput(doInput);
    }

    @Override
    public boolean getDoInput() {
        return connection.getDoInput();
    }

    @Override
    public void setInstanceFollowRedirects(boolean follow) {
        connection.setInstanceFollowRedirects(follow);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return connection.getInstanceFollowRedirects();
    }

    @Override
    public void setConnectTimeout(int timeout) {
        connection.setConnectTimeout(timeout);
    }

    @Override
    public int getConnectTimeout() {
        return connection.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        connection.setReadTimeout(timeout);
    }

    @Override
    public int getReadTimeout() {
        return connection.getReadTimeout();
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        connection.setUseCaches(useCaches);
    }

    @Override
    public boolean getUseCaches() {
        return connection.getUseCaches();
    }

    @Override
    public Permission getPermission() throws IOException {
        return connection.getPermission();
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
