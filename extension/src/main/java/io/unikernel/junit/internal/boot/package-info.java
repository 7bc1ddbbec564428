/**
 * Internal, not API: booting planned instances and releasing everything they used, in reverse
 * order, whatever failed.
 */
package io.unikernel.junit.internal.boot;
