/**
 * Internal package that turns a static Linux program into a bootable "microVM image": a stock
 * Debian cloud kernel ({@link io.unikernel.junit.internal.image.GuestKernel}) plus an initramfs
 * written by {@link io.unikernel.junit.internal.image.MicroVmImageBuilder}, configured at boot
 * through {@link io.unikernel.junit.internal.image.BootParameters}.
 *
 * <p>This package is <strong>not API</strong>. It is not intended for use by clients of
 * unikernel-junit, and its contents may change or disappear in any release without notice.
 */
package io.unikernel.junit.internal.image;
