package dev.sandboxes.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens an injected {@link dev.sandboxes.Sandbox} on this folder instead of a fresh temporary one.
 * The sandbox is removed after its scope as usual; the folder is left as it is.
 *
 * <pre>{@code
 * @Test
 * void buildsTheRealProject(@InWorkspace("src/test/resources/sample-project") Sandbox sandbox) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InWorkspace {

    /** The folder, absolute or relative to the working directory of the test run. */
    String value();
}
