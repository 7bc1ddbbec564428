package io.unikernel.junit.internal.boot;

import java.time.Duration;

/**
 * {@code BootTimings} is how long the phases of one instance's boot took, recorded by {@link
 * RunningInstance} for the benchmark ({@code ci/bench}). The extension only reports them; no test
 * asserts on speed. A phase that was not measured, or has not happened yet, is {@code null}.
 *
 * @param classNetwork making the class's network namespace and bridge; shared by every bridged
 *     instance of the class, so it is the same value for each of them; {@code null} in usermode
 * @param image finding the initramfs in the cache, or writing it there (cold cache)
 * @param tap making the instance's tap and attaching it to the bridge; zero in usermode
 * @param spawnToQmp from starting QEMU until its QMP socket completed the handshake; measured only
 *     when the system property {@value BootClock#QMP_PROPERTY} is {@code true}
 * @param spawnToInit from starting QEMU until the console showed init's starting line: QEMU, the
 *     firmware and the kernel's boot (the kernel prints nothing, it runs with {@code quiet}), the
 *     module loading and the network configuration of {@code /init}
 * @param initToReady from that line until the instance was ready (its port answered, its ready line
 *     appeared)
 * @param bootToReady the whole boot as the "ready" log line reports it: image, tap, QEMU, readiness
 *     (not the class network, which is made before)
 * @param teardown {@link RunningInstance#close()}: stopping QEMU, deleting the tap and the
 *     temporary files; {@code null} while the instance is open
 * @param classNetworkTeardown closing the class's namespace and bridge, after its instances; {@code
 *     null} while it is open, and in usermode
 */
public record BootTimings(
    Duration classNetwork,
    Duration image,
    Duration tap,
    Duration spawnToQmp,
    Duration spawnToInit,
    Duration initToReady,
    Duration bootToReady,
    Duration teardown,
    Duration classNetworkTeardown) {}
