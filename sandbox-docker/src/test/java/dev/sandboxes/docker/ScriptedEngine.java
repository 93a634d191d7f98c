package dev.sandboxes.docker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * One engine call that answers from a script, a value or a failure at a time; the last answer
 * repeats. Failures are what docker-java throws: its own exceptions, or a plain runtime exception
 * around an I/O error for a cut connection.
 *
 * @param <T> the call's answer
 */
final class ScriptedEngine<T> implements Supplier<T> {

    private final Deque<Object> answers;
    private final Class<T> type;
    private int calls;

    private ScriptedEngine(Class<T> type, List<Object> answers) {
        this.type = type;
        this.answers = new ArrayDeque<>(answers);
    }

    /** @param answers values of {@code type}, or runtime exceptions to throw */
    static <T> ScriptedEngine<T> answering(Class<T> type, Object... answers) {
        return new ScriptedEngine<>(type, List.of(answers));
    }

    /** What docker-java throws when the connection to the engine is cut. */
    static RuntimeException cut() {
        return new RuntimeException(new java.net.SocketException("Connection reset"));
    }

    @Override
    public T get() {
        calls++;
        Object answer = answers.size() > 1 ? answers.poll() : answers.peek();
        if (answer instanceof RuntimeException failure) {
            throw failure;
        }
        return type.cast(answer);
    }

    int calls() {
        return calls;
    }
}
