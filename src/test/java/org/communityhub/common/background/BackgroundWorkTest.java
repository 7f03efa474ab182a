package org.communityhub.common.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.communityhub.testing.Waiting.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.communityhub.testing.NeedsNoHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@NeedsNoHub
class BackgroundWorkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BackgroundWork background = new BackgroundWork(registry);

    @AfterEach
    void stopTheThreads() {
        background.stop(null);
    }

    @Test
    void aLaneRunsAtMostItsParallelismAtOnceTheRestWhenThereIsRoom() throws Exception {
        Lane lane = background.lane("import", 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> started = new CopyOnWriteArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            futures.add(lane.submit(() -> {
                started.add(n);
                most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                waitFor(release);
                atOnce.decrementAndGet();
            }));
        }
        await().atMost(PATIENCE).until(() -> atOnce.get() == 2);
        Thread.sleep(50); // time for a third to begin, were the limit not kept
        assertThat(started).containsExactlyInAnyOrder(0, 1);
        assertThat(lane.running()).isEqualTo(2);
        assertThat(gauge("import")).isEqualTo(2.0);

        release.countDown();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.SECONDS);
        }

        assertThat(most.get()).isEqualTo(2);
        assertThat(started).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        // A future completes as its task returns, a moment before the lane counts it ended.
        await().atMost(PATIENCE).until(() -> lane.running() == 0);
    }

    @Test
    void aLaneOfOneRunsItsTasksInTheOrderGiven() throws Exception {
        Lane lane = background.lane("duplicate-scan", 1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            futures.add(lane.submit(() -> order.add(n)));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.SECONDS);
        }

        assertThat(order)
                .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void aTaskThreadCarriesItsNameWhileItRunsAndThePoolsNameAfter() throws Exception {
        Lane loops = background.lane("fanout");
        Lane imports = background.lane("import", 3);
        Lane scans = background.lane("duplicate-scan", 1);

        Future<String> named = imports.submit(() -> Thread.currentThread().getName());
        Future<String> single = scans.submit(() -> Thread.currentThread().getName());
        List<String> names = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        loops.submit("fanout-grid", () -> {
                    names.add(Thread.currentThread().getName());
                    threads.add(Thread.currentThread());
                })
                .get(5, TimeUnit.SECONDS);

        assertThat(named.get(5, TimeUnit.SECONDS)).isEqualTo("import-1");
        assertThat(single.get(5, TimeUnit.SECONDS)).isEqualTo("duplicate-scan");
        assertThat(names).containsExactly("fanout-grid");
        assertThat(threads.get(0).getName()).startsWith("hub-background-");
        Future<String> afterwards = imports.submit(() -> Thread.currentThread().getName());
        assertThat(afterwards.get(5, TimeUnit.SECONDS)).isEqualTo("import-2");
    }

    @Test
    void aFailureReachesItsFutureAndTheLaneGoesOn() throws Exception {
        Lane lane = background.lane("duplicate-scan", 1);
        List<Thread> threads = new CopyOnWriteArrayList<>();

        Future<Object> failed = lane.submit(() -> {
            threads.add(Thread.currentThread());
            throw new IllegalStateException("no");
        });
        Future<?> failedLoop = lane.submit("duplicate-scan-loop", () -> {
            threads.add(Thread.currentThread());
            throw new IllegalStateException("no");
        });
        Future<String> next = lane.submit(() -> "next");

        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> failedLoop.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(threads).hasSize(2).allSatisfy(t -> assertThat(t.getName()).startsWith("hub-background-"));
    }

    @Test
    void anInterruptForOneLanesTaskNeverReachesTheNextTaskOnItsThread() throws Exception {
        Lane stopped = background.lane("import", 1);
        Lane other = background.lane("fanout");
        CountDownLatch running = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        stopped.submit(() -> {
            threads.add(Thread.currentThread());
            running.countDown();
            interruptedWithinAMinute();
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        stopped.shutdownNow();
        assertThat(stopped.awaitTermination(PATIENCE)).isTrue();
        // Back in the pool, waiting for work: the next task is handed to it.
        await().atMost(PATIENCE).until(() -> threads.get(0).getState() == Thread.State.TIMED_WAITING);

        Future<Boolean> slept = other.submit(() -> {
            threads.add(Thread.currentThread());
            Thread.sleep(20);
            return !Thread.currentThread().isInterrupted();
        });

        assertThat(slept.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(threads.get(1))
                .as("the pool's idle thread took the next task")
                .isSameAs(threads.get(0));
    }

    @Test
    void aTaskRefusedByStoppedThreadsIsRefusedToItsCaller() {
        background.stop(null);
        Lane lane = background.lane("pii-key-rotation", 1);

        assertThatThrownBy(() -> lane.submit(() -> {})).isInstanceOf(RejectedExecutionException.class);
        assertThat(lane.running()).isZero();
    }

    @Test
    void shutdownNowInterruptsTheRunningDropsTheWaitingAndTakesNoMore() throws Exception {
        Lane lane = background.lane("import", 1);
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger ranAfter = new AtomicInteger();
        lane.submit(() -> {
            running.countDown();
            if (interruptedWithinAMinute()) {
                interrupted.incrementAndGet();
            }
        });
        Future<?> waiting = lane.submit(ranAfter::incrementAndGet);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        lane.shutdownNow();

        assertThat(lane.awaitTermination(PATIENCE)).isTrue();
        assertThat(interrupted.get()).isEqualTo(1);
        assertThat(waiting.isCancelled()).isTrue();
        assertThat(ranAfter.get()).isZero();
        assertThatThrownBy(() -> lane.submit(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void shutdownLetsTheWaitingRunAndTerminationWaitsForThem() throws Exception {
        Lane lane = background.lane("pii-key-rotation", 1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        lane.submit(() -> {
            waitFor(release);
            done.incrementAndGet();
        });
        lane.submit(done::incrementAndGet);

        lane.shutdown();
        assertThat(lane.awaitTermination(Duration.ofMillis(50))).isFalse();
        release.countDown();

        assertThat(lane.awaitTermination(PATIENCE)).isTrue();
        assertThat(done.get()).isEqualTo(2);
    }

    @Test
    void theHubsStopInterruptsWhatItsOwnersLeftRunning() throws Exception {
        Lane lane = background.lane("fanout");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        lane.submit("fanout-dispatcher", () -> {
            running.countDown();
            if (interruptedWithinAMinute()) {
                interrupted.countDown();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        background.stop(null);

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lane.awaitTermination(PATIENCE)).isTrue();
        assertThatThrownBy(() -> lane.submit(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void whenNoThreadCanBeMadeTheWaitingTasksAreCancelledNotStranded() throws Exception {
        AtomicInteger handed = new AtomicInteger();
        Executor threadsThatRunOut = task -> {
            if (handed.incrementAndGet() > 1) {
                throw new OutOfMemoryError("unable to create native thread");
            }
            Thread t = new Thread(() -> {
                try {
                    task.run();
                } catch (OutOfMemoryError expected) {
                    // raised while the first task's thread started the next one
                }
            });
            t.start();
        };
        Lane lane = new Lane("import", 1, threadsThatRunOut);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> first = lane.submit(() -> {
            waitFor(release);
        });
        Future<?> second = lane.submit(() -> {});
        Future<?> third = lane.submit(() -> {});

        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> lane.running() == 0);

        assertThat(second.isCancelled()).isTrue();
        assertThat(third.isCancelled()).isTrue();
        lane.shutdown();
        assertThat(lane.awaitTermination(Duration.ofMillis(100))).isTrue();
    }

    @Test
    void aLaneNameIsTakenOnce() {
        background.lane("import", 2);

        assertThatThrownBy(() -> background.lane("import", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("import");
        assertThatThrownBy(() -> background.lane("scan", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A task's wait for the test to let it end; an interrupt ends it too, and stays set. */
    private static void waitFor(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A task that runs until it is stopped: true when an interrupt ended it, false after a minute. */
    private static boolean interruptedWithinAMinute() {
        try {
            Thread.sleep(60_000);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private double gauge(String lane) {
        return registry.get("hub.background.tasks").tag("lane", lane).gauge().value();
    }
}
