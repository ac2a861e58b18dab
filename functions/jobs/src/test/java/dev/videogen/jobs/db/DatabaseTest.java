package dev.videogen.jobs.db;

import static dev.videogen.jobs.WaitingThreads.awaitWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.migrations.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The pool hands its connections out first come, first served. */
class DatabaseTest {

    @Test
    void connectionsGoToCallersInTheOrderTheyAskedAndOneAskingAgainWaitsBehindThem() throws Exception {
        TestDatabase db = TestDatabase.empty();
        try (Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 1)) {
            List<String> served = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            Thread first = new Thread(() -> {
                database.withConnection(connection -> {
                    served.add("first");
                    holding.countDown();
                    awaitQuietly(letGo);
                    return null;
                });
                // straight back in line, while the others have been waiting all along
                database.withConnection(connection -> served.add("first again"));
            }, "first");
            first.start();
            holding.await();
            List<Thread> waiting = new ArrayList<>();
            for (String name : List.of("second", "third", "fourth")) {
                Thread thread = new Thread(() -> database.withConnection(connection -> served.add(name)), name);
                thread.start();
                awaitWaiting(thread);
                waiting.add(thread);
            }

            letGo.countDown();
            first.join(10_000);
            for (Thread thread : waiting) {
                thread.join(10_000);
            }

            assertThat(served).containsExactly("first", "second", "third", "fourth", "first again");
        }
    }

    @Test
    void everyWayOfUsingAConnectionGivesTheTurnBack() {
        TestDatabase db = TestDatabase.empty();
        // one connection: a turn not given back would leave every later caller waiting until it gave up
        try (Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 1)) {
            for (int i = 0; i < 3; i++) {
                assertThat(database.reachable()).isTrue();
                assertThat((Object) database.inTransaction(Connection::getAutoCommit)).isEqualTo(false);
                assertThat((Object) database.withConnection(Connection::getAutoCommit)).isEqualTo(true);
                assertThatThrownBy(() -> database.withConnection(connection -> {
                    throw new SQLException("refused", "22023");
                })).isInstanceOf(DatabaseException.class);
                assertThatThrownBy(() -> database.inTransaction(connection -> {
                    throw new IllegalStateException("work failed");
                })).isInstanceOf(IllegalStateException.class);
            }
        }
    }


    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
