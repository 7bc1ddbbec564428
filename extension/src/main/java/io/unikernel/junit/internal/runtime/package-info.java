/**
 * Internal, not API: starting, watching and stopping QEMU for one instance: the accelerator choice,
 * the argv, the serial console capture and the QMP control socket.
 */
package io.unikernel.junit.internal.runtime;
