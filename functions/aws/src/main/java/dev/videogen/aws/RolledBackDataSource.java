package dev.videogen.aws;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections whose work is never kept: each is handed out inside a transaction that is rolled back when it is
 * closed, and commits roll back too. For rehearsing the service's statements against the real database without
 * leaving anything there (rows, notifications: PostgreSQL sends NOTIFY only on commit). Physical connections are
 * reused and all closed by {@link #closeAll()}, after which none is handed out.
 */
final class RolledBackDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> opened = new ArrayList<>();
    private boolean closed;

    RolledBackDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the rehearsal is over", "08003");
        }
        Connection physical = idle.poll();
        if (physical == null) {
            physical = DriverManager.getConnection(url, user, password);
            physical.setAutoCommit(false);
            opened.add(physical);
        }
        return rollingBack(physical);
    }

    private Connection rollingBack(Connection physical) {
        InvocationHandler handler = (proxy, method, arguments) -> {
            switch (method.getName()) {
                case "setAutoCommit":
                    return null;
                case "getAutoCommit":
                    return Boolean.FALSE;
                case "commit":
                    physical.rollback();
                    return null;
                case "close":
                    physical.rollback();
                    release(physical);
                    return null;
                case "isClosed":
                    return physical.isClosed();
                default:
                    try {
                        return method.invoke(physical, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private synchronized void release(Connection physical) {
        if (closed) {
            closeQuietly(physical);
        } else {
            idle.push(physical);
        }
    }

    /** Closes every physical connection; later requests for one fail. */
    synchronized void closeAll() {
        closed = true;
        for (Connection connection : opened) {
            closeQuietly(connection);
        }
        idle.clear();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // closing it anyway
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("one set of credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no log
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
