/**
 * Internal package that provisions the BRIDGED network for guests: a private Linux network
 * namespace ({@link io.unikernel.junit.internal.net.NetNamespace}) with a bridge and persistent
 * taps in it, made through JNA with {@code unshare(2)}, {@code /dev/net/tun} and the classic {@code
 * SIOC*} ioctls (no {@code ip} processes), plus the IPv4 values it is configured with ({@link
 * io.unikernel.junit.internal.net.Ipv4Address}, {@link
 * io.unikernel.junit.internal.net.Ipv4Subnet}).
 *
 * <p>Layers, as in the project's style notes: the raw bindings live in {@code …net.jna}; the
 * package-private {@code Linux*} classes and {@code Fd} here wrap one kind of device each and turn
 * {@code errno} into {@link io.unikernel.junit.internal.net.NativeCallException}; {@code
 * NetNamespace} is the handle the rest of the extension uses. Everything that touches the kernel
 * runs on the namespace's own thread.
 *
 * <p>This package is <strong>not API</strong>. It is not intended for use by clients of
 * unikernel-junit, and its contents may change or disappear in any release without notice.
 */
package io.unikernel.junit.internal.net;
