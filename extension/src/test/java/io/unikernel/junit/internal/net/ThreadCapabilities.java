package io.unikernel.junit.internal.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * {@code ThreadCapabilities} drops capabilities from the calling thread only, so that tests can see
 * how the network layer fails without privileges while the test JVM keeps running as root.
 *
 * <p>{@code capset(2)} with pid 0 changes the calling thread; threads it starts afterwards inherit
 * the reduced sets. The header is {@code struct __user_cap_header_struct {__u32 version; int pid;}}
 * and version 3 takes two {@code struct __user_cap_data_struct {__u32 effective, permitted,
 * inheritable;}}, for capabilities 0-31 and 32-63.
 */
final class ThreadCapabilities {

  static final int CAP_NET_ADMIN = 12;
  static final int CAP_SYS_ADMIN = 21;

  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

  private interface Caps extends Library {
    Caps INSTANCE = Native.load("c", Caps.class);

    int capget(int[] header, int[] data) throws LastErrorException;

    int capset(int[] header, int[] data) throws LastErrorException;
  }

  private ThreadCapabilities() {}

  /**
   * Removes the capabilities (all below 32) from the calling thread's effective and permitted sets.
   */
  static void dropFromCurrentThread(int... capabilities) {
    int[] header = {LINUX_CAPABILITY_VERSION_3, 0};
    int[] data = new int[6];
    Caps.INSTANCE.capget(header, data);
    for (int capability : capabilities) {
      data[0] &= ~(1 << capability);
      data[1] &= ~(1 << capability);
    }
    Caps.INSTANCE.capset(header, data);
  }
}
