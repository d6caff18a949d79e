package studio.magi.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * How long a fuzz property runs. In the test run: {@link #SMOKE_TRIES} tries from a fixed seed, a few seconds, so
 * that the harness cannot rot and the build does not depend on luck. Under {@code -Dfuzz.seconds=S} ({@code ./magi
 * fuzz}): a random seed and as many tries as S seconds hold, then one line saying how many inputs it tried and what it
 * found. jqwik counts tries, not time; a try that ends after the deadline ends the property early.
 */
public final class Fuzzing implements AroundPropertyHook, AroundTryHook {
    static final int SMOKE_TRIES = 200;
    private static final String SMOKE_SEED = "2026120723";
    private static final Long SECONDS = Long.getLong("fuzz.seconds");
    private static final String DEADLINE = "fuzz deadline";

    /** Registered on a class, for each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        // Random generation only: with an unbounded number of tries jqwik would otherwise try to enumerate.
        context.attributes().setGeneration(GenerationMode.RANDOMIZED);
        if (SECONDS == null) {
            context.attributes().setTries(SMOKE_TRIES);
            context.attributes().setSeed(SMOKE_SEED);
            return property.execute();
        }
        context.attributes().setTries(Integer.MAX_VALUE);
        // jqwik sizes its table of edge cases by the number of tries: for MAX_VALUE tries of a composite input it fills
        // the heap before the first try. The test run's tries mix the edge cases in.
        context.attributes().setEdgeCases(EdgeCasesMode.NONE);
        context.attributes().setAfterFailure(AfterFailureMode.RANDOM_SEED);
        long start = System.nanoTime();
        Store.create(DEADLINE, Lifespan.PROPERTY, () -> start + SECONDS * 1_000_000_000L);
        PropertyExecutionResult result = property.execute();
        System.out.println(summary(context, result, (System.nanoTime() - start) / 1e9));
        return result;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        TryExecutionResult result = aTry.execute(parameters);
        if (SECONDS != null && result.isSatisfied() && System.nanoTime() > Store.<Long>get(DEADLINE).get()) {
            return TryExecutionResult.satisfied(true);
        }
        return result;
    }

    private static String summary(PropertyLifecycleContext context, PropertyExecutionResult r, double seconds) {
        String name = context.containerClass().getSimpleName() + "." + context.targetMethod().getName();
        if (r.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
            return String.format(Locale.ROOT, "fuzz: %s: %,d inputs in %.1f s (%,.0f a second), seed %s: no failure", name,
                    r.countTries(), seconds, r.countTries() / seconds, r.seed().orElse("?"));
        }
        // The time includes shrinking the failing input.
        String why = r.throwable().map(t -> t.getClass().getSimpleName() + ": " + firstLine(t.getMessage())).orElse("?");
        String sample = r.shrunkSample().map(s -> s.parameters().stream().map(Fuzzing::shown).toList().toString()).orElse("?");
        return String.format(Locale.ROOT, "fuzz: %s: FAILED at input %,d (%.1f s with shrinking), seed %s: %s; shrunk input: %s",
                name, r.countTries(), seconds, r.seed().orElse("?"), why, sample);
    }

    private static String shown(Object parameter) {
        return parameter instanceof byte[] b ? "byte[] " + Arrays.toString(b) : String.valueOf(parameter);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
