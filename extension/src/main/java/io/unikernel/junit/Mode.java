package io.unikernel.junit;

/**
 * {@code Mode} is how an instance is networked, named after the two modes of the {@code ops} tool.
 *
 * @since 0.1
 */
public enum Mode {
  /**
   * QEMU user networking: the guest port is forwarded from a free port on {@code 127.0.0.1}. Needs
   * no privileges; instances cannot reach each other directly.
   */
  USERMODE,

  /**
   * One tap per instance on a Linux bridge, a static IPv4 address each, so instances talk to each
   * other directly. Needs {@code CAP_NET_ADMIN}; by default the bridge and taps live in a network
   * namespace of the test class's own.
   */
  BRIDGED
}
