package io.unikernel.junit.internal.net.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * {@code LibC} binds the few C library functions the network layer calls, with the flag constants
 * that go with them.
 *
 * <p>Functions mirror {@code <fcntl.h>} ({@code open(2)}), {@code <unistd.h>} ({@code close(2)},
 * {@code read(2)}, {@code write(2)}), {@code <sys/ioctl.h>} ({@code ioctl(2)}), {@code <sched.h>}
 * ({@code unshare(2)}), {@code <sys/socket.h>} ({@code socket(2)}) and {@code <string.h>} ({@code
 * strerror(3)}). Every function that reports failure through {@code errno} declares {@link
 * LastErrorException}, which JNA throws whenever {@code errno} is set by the call; the message of
 * the exception is {@code "[errno] strerror"}.
 *
 * <p>{@code ioctl} is variadic in C. It is bound with one fixed-arity overload per argument kind,
 * which is safe on the Linux ABIs JNA supports because the third argument is always passed in an
 * integer register.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/ioctl.2.html">ioctl(2)</a>
 * @see <a href="https://man7.org/linux/man-pages/man2/unshare.2.html">unshare(2)</a>
 */
public interface LibC extends Library {

  /** {@code INSTANCE} is the loaded C library. */
  LibC INSTANCE = Native.load("c", LibC.class);

  /** {@code O_RDWR} from {@code <fcntl.h>}: open for reading and writing. */
  int O_RDWR = 0x2;

  /** {@code O_NONBLOCK} from {@code <fcntl.h>}: reads and writes fail with EAGAIN, never block. */
  int O_NONBLOCK = 0x800;

  /** {@code O_CLOEXEC} from {@code <fcntl.h>}: the descriptor is not inherited across exec. */
  int O_CLOEXEC = 0x80000;

  /** {@code AF_INET} from {@code <sys/socket.h>}: IPv4. */
  int AF_INET = 2;

  /** {@code SOCK_DGRAM} from {@code <sys/socket.h>}. */
  int SOCK_DGRAM = 2;

  /** {@code SOCK_CLOEXEC} from {@code <sys/socket.h>}, same value as {@link #O_CLOEXEC}. */
  int SOCK_CLOEXEC = 0x80000;

  /**
   * {@code int open(const char *pathname, int flags)}.
   *
   * @param pathname the file to open
   * @param flags {@code O_*} flags
   * @return the new file descriptor
   * @throws LastErrorException with {@code errno} on failure
   */
  int open(String pathname, int flags) throws LastErrorException;

  /**
   * {@code int close(int fd)}.
   *
   * @param fd the descriptor to close
   * @return 0
   * @throws LastErrorException with {@code errno} on failure
   */
  int close(int fd) throws LastErrorException;

  /**
   * {@code ssize_t read(int fd, void *buf, size_t count)}.
   *
   * @param fd the descriptor to read from
   * @param buf where the bytes go
   * @param count the most bytes to read, at most {@code buf.length}
   * @return the number of bytes read
   * @throws LastErrorException with {@code errno} on failure ({@code EAGAIN} when non-blocking)
   */
  NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

  /**
   * {@code ssize_t write(int fd, const void *buf, size_t count)}.
   *
   * @param fd the descriptor to write to
   * @param buf the bytes to write
   * @param count how many bytes of {@code buf} to write
   * @return the number of bytes written
   * @throws LastErrorException with {@code errno} on failure
   */
  NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

  /**
   * {@code int ioctl(int fd, unsigned long request, struct ifreq *ifr)}, for the {@code SIOC*}
   * interface requests and {@code TUNSETIFF}. JNA writes the structure before the call and reads it
   * back after it.
   *
   * @param fd a socket or {@code /dev/net/tun} descriptor
   * @param request the request number
   * @param ifr the request block
   * @return 0 for the requests used here
   * @throws LastErrorException with {@code errno} on failure
   */
  int ioctl(int fd, NativeLong request, Ifreq ifr) throws LastErrorException;

  /**
   * {@code int ioctl(int fd, unsigned long request, unsigned long arg)}, for requests that take a
   * number instead of a pointer, such as {@code TUNSETPERSIST}.
   *
   * @param fd the descriptor
   * @param request the request number
   * @param arg the number
   * @return 0 for the requests used here
   * @throws LastErrorException with {@code errno} on failure
   */
  int ioctl(int fd, NativeLong request, NativeLong arg) throws LastErrorException;

  /**
   * {@code int ioctl(int fd, unsigned long request, const char *name)}, for {@code SIOCBRADDBR} and
   * {@code SIOCBRDELBR}, which take a bridge name.
   *
   * @param fd a socket descriptor
   * @param request the request number
   * @param name the interface name, converted to a NUL-terminated C string
   * @return 0 for the requests used here
   * @throws LastErrorException with {@code errno} on failure
   */
  int ioctl(int fd, NativeLong request, String name) throws LastErrorException;

  /**
   * {@code int unshare(int flags)}: moves the <em>calling thread</em> into new namespaces.
   *
   * @param flags {@code CLONE_NEW*} flags from {@link Sched}
   * @return 0
   * @throws LastErrorException with {@code errno} on failure
   */
  int unshare(int flags) throws LastErrorException;

  /**
   * {@code int socket(int domain, int type, int protocol)}: the socket belongs to the network
   * namespace of the calling thread.
   *
   * @param domain an {@code AF_*} constant
   * @param type a {@code SOCK_*} constant, optionally or'ed with {@link #SOCK_CLOEXEC}
   * @param protocol 0 for the default
   * @return the new descriptor
   * @throws LastErrorException with {@code errno} on failure
   */
  int socket(int domain, int type, int protocol) throws LastErrorException;

  /**
   * {@code char *strerror(int errnum)}: the description of an {@code errno} value.
   *
   * @param errnum the error number
   * @return the description, such as "Operation not permitted"
   */
  String strerror(int errnum);
}
