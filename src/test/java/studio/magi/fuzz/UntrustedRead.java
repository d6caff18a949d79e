package studio.magi.fuzz;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The contract of a reader of untrusted bytes, checked on one input: it returns a value or refuses the input with its
 * own exception and a message of one printable line; it does not hang; and it allocates in proportion to the input.
 * The read runs on a worker thread with the default stack (as the studio's reads do), so that a hang fails the
 * property instead of the run, and its allocations are counted: a reader that sizes a buffer from a number in the
 * file before checking that number against the file's size shows up here, long before a file that says 2^62 makes
 * it fail with OutOfMemoryError.
 */
public final class UntrustedRead {
    /** Far beyond any read of the inputs tried (at most a few MB), so that a loaded machine does not fail it. */
    static final long LIMIT_SECONDS = 10;
    /** Bytes a read may allocate: its own machinery (a JSON tree is several times its text), then the input. */
    static final long FIXED_BYTES = 16L << 20;
    static final long BYTES_PER_INPUT_BYTE = 64;
    /** A message is for a person: a path and a short reason, not the file's contents. */
    static final int MAX_MESSAGE = 1000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static ExecutorService worker = newWorker();

    private UntrustedRead() {
    }

    /**
     * The value {@code read} returns, or empty where it refuses with {@code refusal}; an {@link AssertionError} (with
     * the failure as its cause) where it breaks the contract. {@code inputBytes} is the size of the file it reads.
     */
    public static <T> Optional<T> readOrRefuse(Callable<T> read, long inputBytes, Class<? extends Exception> refusal) {
        Outcome<T> o = run(read);
        long allowed = FIXED_BYTES + BYTES_PER_INPUT_BYTE * inputBytes;
        if (o.allocated > allowed) {
            throw new AssertionError("the read of " + inputBytes + " bytes allocated " + o.allocated + " bytes (allowed "
                    + allowed + ")", o.failure);
        }
        if (o.failure == null) {
            return Optional.of(o.value);
        }
        if (!refusal.isInstance(o.failure)) {
            throw new AssertionError("the read failed with " + o.failure + ", not a " + refusal.getSimpleName(), o.failure);
        }
        String message = o.failure.getMessage();
        if (message == null || message.isBlank() || message.length() > MAX_MESSAGE
                || message.chars().anyMatch(Character::isISOControl)) {
            throw new AssertionError("the refusal's message is not one printable line of at most " + MAX_MESSAGE
                    + " characters: " + (message == null ? null : message.substring(0, Math.min(message.length(), 2 * MAX_MESSAGE))
                    .replace("\n", "\\n").replace("\r", "\\r")), o.failure);
        }
        return Optional.empty();
    }

    private record Outcome<T>(T value, Throwable failure, long allocated) {
    }

    private static synchronized <T> Outcome<T> run(Callable<T> read) {
        Future<Outcome<T>> future = worker.submit(() -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                T value = read.call();
                return new Outcome<>(value, null, THREADS.getCurrentThreadAllocatedBytes() - before);
            } catch (Throwable t) {
                // StackOverflowError and OutOfMemoryError included: each is a finding, not the end of the run.
                return new Outcome<>(null, t, THREADS.getCurrentThreadAllocatedBytes() - before);
            }
        });
        try {
            return future.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("the read took more than " + LIMIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the worker failed", e.getCause());
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "untrusted-read");
            t.setDaemon(true);
            return t;
        });
    }
}
