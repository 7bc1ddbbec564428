package io.unikernel.junit;

/**
 * {@code Link} is the virtual cable of an instance's network card, as the guest sees it: taking it
 * {@link #down()} is like pulling the cable (the guest's NIC loses carrier, nothing gets in or
 * out), {@link #up()} plugs it in again. Get it from {@link Unikernel#link()}.
 *
 * <p>Works in both modes. A {@link Unikernel#restart() restarted} instance starts with its link up.
 *
 * @since 0.2
 */
public interface Link {

  /**
   * Takes the link down (QMP {@code set_link ... up:false}); returns once QEMU applied it.
   *
   * @throws IllegalStateException if the instance is not running
   */
  void down();

  /**
   * Brings the link up again (QMP {@code set_link ... up:true}); returns once QEMU applied it.
   *
   * @throws IllegalStateException if the instance is not running
   */
  void up();

  /** Returns whether the link is up, as last set through this handle (up after each boot). */
  boolean isUp();
}
