/**
 * Internal package of JNA bindings to the Linux C library calls and kernel structures that the
 * network layer needs: one class per C header, with the C names kept.
 *
 * <p>The bindings are raw: functions declare {@link com.sun.jna.LastErrorException}, and turning
 * that into a useful message is the job of the callers in {@code io.unikernel.junit.internal.net}.
 * Every value here was taken from the x86_64 Linux headers named on each class; the ioctl request
 * numbers and struct layouts are the same on the other 64-bit Linux targets JNA supports.
 *
 * <p>This package is <strong>not API</strong>. It is not intended for use by clients of
 * unikernel-junit, and its contents may change or disappear in any release without notice.
 */
package io.unikernel.junit.internal.net.jna;
