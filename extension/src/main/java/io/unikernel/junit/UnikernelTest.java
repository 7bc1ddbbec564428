package io.unikernel.junit;

import io.unikernel.junit.internal.extension.UnikernelExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @UnikernelTest} marks a test class whose {@link UnikernelInstance @UnikernelInstance}
 * fields and parameters are booted and injected by the unikernel extension.
 *
 * <p>It is a shorthand for {@code @ExtendWith(UnikernelExtension.class)}; see {@link
 * UnikernelInstance} for the user manual.
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(UnikernelExtension.class)
public @interface UnikernelTest {}
