/**
 * Internal, not API: the Jupiter extension behind {@link io.unikernel.junit.UnikernelTest}. It
 * reads annotations, keeps resources in the {@code ExtensionContext.Store}, and injects.
 */
package io.unikernel.junit.internal.extension;
