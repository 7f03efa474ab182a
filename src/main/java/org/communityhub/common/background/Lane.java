package org.communityhub.common.background;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One kind of background work on the hub's shared threads ({@link BackgroundWork}): at most {@code
 * parallelism} of its tasks run at once, the rest wait their turn in the order given. A task's
 * thread carries the task's name while it runs, so a thread dump reads as before ({@code
 * fanout-dispatcher}, {@code import-2}).
 *
 * <p>Its owner stops it as an executor service is stopped: {@link #shutdown()} takes no new task
 * and lets the waiting ones run, {@link #shutdownNow()} also drops the waiting ones and interrupts
 * the running ones, and {@link #awaitTermination} waits for the last one to end.
 */
public final class Lane {

    private static final Logger LOG = Logger.getLogger(Lane.class);

    private final String name;
    private final int parallelism;
    private final Executor threads;
    private final Queue<FutureTask<?>> waiting = new ArrayDeque<>();
    /** The tasks handed to a thread, with the thread once it has begun the task. */
    private final Map<FutureTask<?>, Thread> running = new HashMap<>();

    private int numbered;
    private boolean shutDown;

    Lane(String name, int parallelism, Executor threads) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("A lane runs at least one task at a time: " + name);
        }
        this.name = name;
        this.parallelism = parallelism;
        this.threads = threads;
    }

    /** The lane's name, which its tasks' threads carry (numbered when it runs more than one at a time). */
    public String name() {
        return name;
    }

    /** Runs {@code task} when the lane has room. */
    public Future<?> submit(Runnable task) {
        return submit(null, task);
    }

    /**
     * Runs {@code task} when the lane has room, its thread named {@code taskName} while it runs. A
     * failure that ends it is logged (its kind only: a message may hold a resident's data), since
     * nobody may ever ask the future returned.
     */
    public Future<?> submit(String taskName, Runnable task) {
        return enqueue(taskName, Executors.callable(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.errorf(
                        "A background task of %s ended on an error: %s",
                        name, e.getClass().getName());
                throw e;
            }
        }));
    }

    /** Runs {@code task} when the lane has room; its result, or its failure, in the future returned. */
    public <T> Future<T> submit(Callable<T> task) {
        return enqueue(null, task);
    }

    private synchronized <T> Future<T> enqueue(String taskName, Callable<T> task) {
        if (shutDown) {
            throw new RejectedExecutionException("The background lane " + name + " is stopping");
        }
        String threadName = taskName != null ? taskName : parallelism == 1 ? name : name + "-" + ++numbered;
        FutureTask<T> future = new FutureTask<>(() -> named(threadName, task));
        waiting.add(future);
        startWhatFits();
        if (future.isCancelled()) {
            throw new RejectedExecutionException("The hub's background threads are stopping");
        }
        return future;
    }

    /** Tasks running now. */
    public synchronized int running() {
        return running.size();
    }

    /** Takes no new task; the waiting ones still run. */
    public synchronized void shutdown() {
        shutDown = true;
        notifyAll();
    }

    /**
     * Takes no new task, drops the waiting ones and interrupts the running ones, whose futures
     * complete when they end.
     */
    public synchronized void shutdownNow() {
        shutDown = true;
        waiting.forEach(f -> f.cancel(false));
        waiting.clear();
        running.forEach((task, thread) -> {
            if (thread == null) {
                task.cancel(false); // handed to a thread that has not begun it: it will not
            } else {
                thread.interrupt();
            }
        });
        notifyAll();
    }

    /**
     * Waits at most {@code patience} for a shut-down lane's last task to end; true when it did. Unlike
     * an executor service's, an interrupt of the waiting thread ends the wait with false and stays
     * set for its caller: every owner waits so while the hub stops, and would otherwise write the
     * same catch.
     */
    public synchronized boolean awaitTermination(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!(shutDown && waiting.isEmpty() && running.isEmpty())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void startWhatFits() {
        while (running.size() < parallelism && !waiting.isEmpty()) {
            FutureTask<?> next = waiting.poll();
            running.put(next, null);
            try {
                threads.execute(() -> {
                    try {
                        begun(next);
                        next.run();
                    } finally {
                        ended(next);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The hub's threads are stopping: the task will not run.
                running.remove(next);
                next.cancel(false);
            } catch (Error e) {
                // No thread could be made: neither this task nor the ones waiting behind it will
                // run (nothing would start them), and whoever waits for them is told so.
                running.remove(next);
                next.cancel(false);
                waiting.forEach(f -> f.cancel(false));
                waiting.clear();
                notifyAll();
                throw e;
            }
        }
    }

    private synchronized void begun(FutureTask<?> task) {
        running.put(task, Thread.currentThread());
    }

    /**
     * An interrupt that reaches the thread after its task ended is cleared by the pool before the
     * thread's next task.
     */
    private synchronized void ended(FutureTask<?> task) {
        running.remove(task);
        startWhatFits();
        notifyAll();
    }

    private <T> T named(String threadName, Callable<T> task) throws Exception {
        Thread thread = Thread.currentThread();
        String before = thread.getName();
        thread.setName(threadName);
        try {
            return task.call();
        } finally {
            thread.setName(before);
        }
    }
}
