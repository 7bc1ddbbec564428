package io.unikernel.junit.internal.runtime;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code DelayLine} impairs the frames QEMU delivers to a guest's NIC, in the JVM: a QMP {@code
 * filter-redirector} on the NIC's backend ({@code queue=rx}) sends each frame to a unix socket of
 * ours instead of the guest; a reader thread asks the {@link FrameSchedule} when to deliver it (or
 * to drop it) and a writer thread hands it back through a second socket at that time, and QEMU
 * passes it on to the guest. Frames are framed as QEMU's net filters frame them: a big-endian
 * 32-bit length, then the frame.
 *
 * <p>Attached with {@link #attach}, detached with {@link #close()}, which removes the filter and
 * the chardevs while QEMU runs. A QEMU that exits takes its end along; the threads then end.
 */
public final class DelayLine implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DelayLine.class.getName());

  static final String FILTER_ID = "unikernel-delay";
  static final String OUT_ID = "unikernel-delay-out";
  static final String IN_ID = "unikernel-delay-in";

  /** Frames queued beyond this are dropped, like netem's default limit. */
  static final int QUEUE_LIMIT = 1000;

  private static final int MAX_FRAME = 65536 + 64;

  private record Frame(long release, byte[] data) {}

  private final QemuVm vm;
  private final FrameSchedule schedule;
  private final SocketChannel fromQemu;
  private final SocketChannel toQemu;
  private final BlockingQueue<Frame> queue = new LinkedBlockingQueue<>();
  private final Thread reader;
  private final Thread writer;
  private volatile boolean closed;

  private DelayLine(
      QemuVm vm,
      FrameSchedule schedule,
      SocketChannel fromQemu,
      SocketChannel toQemu,
      String name) {
    this.vm = vm;
    this.schedule = schedule;
    this.fromQemu = fromQemu;
    this.toQemu = toQemu;
    this.reader = new Thread(this::read, "unikernel-delay-in-" + name);
    this.writer = new Thread(this::write, "unikernel-delay-out-" + name);
    reader.setDaemon(true);
    writer.setDaemon(true);
  }

  /**
   * Inserts a delay line between the netdev {@code netdev} of {@code vm} and its NIC.
   *
   * @param dir a private directory for the two unix sockets (removed again before this returns)
   * @param name the instance's name, for thread names
   * @throws IOException if QEMU refuses; nothing is left attached then
   */
  public static DelayLine attach(
      QemuVm vm, Path dir, String netdev, FrameSchedule schedule, String name) throws IOException {
    Path outPath = dir.resolve("delay-out.sock");
    Path inPath = dir.resolve("delay-in.sock");
    SocketChannel fromQemu = null;
    SocketChannel toQemu = null;
    boolean outAdded = false;
    boolean inAdded = false;
    try {
      fromQemu = connectFromQemu(vm, outPath, OUT_ID);
      outAdded = true;
      toQemu = connectFromQemu(vm, inPath, IN_ID);
      inAdded = true;
      vm.qmp(
          "object-add",
          "{\"qom-type\":\"filter-redirector\",\"id\":\""
              + FILTER_ID
              + "\",\"netdev\":\""
              + netdev
              + "\",\"queue\":\"rx\",\"outdev\":\""
              + OUT_ID
              + "\",\"indev\":\""
              + IN_ID
              + "\"}");
    } catch (IOException | RuntimeException e) {
      closeQuietly(fromQemu);
      closeQuietly(toQemu);
      if (inAdded) {
        removeChardev(vm, IN_ID);
      }
      if (outAdded) {
        removeChardev(vm, OUT_ID);
      }
      throw e;
    }
    DelayLine line = new DelayLine(vm, schedule, fromQemu, toQemu, name);
    line.reader.start();
    line.writer.start();
    return line;
  }

  /** Makes QEMU connect a socket chardev named {@code id} to a socket we listen on at path. */
  private static SocketChannel connectFromQemu(QemuVm vm, Path path, String id) throws IOException {
    Files.deleteIfExists(path);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      // QEMU connects a client chardev before chardev-add returns; accept() then finds it queued.
      vm.qmp(
          "chardev-add",
          "{\"id\":\""
              + id
              + "\",\"backend\":{\"type\":\"socket\",\"data\":{\"addr\":{\"type\":\"unix\","
              + "\"data\":{\"path\":\""
              + path
              + "\"}},\"server\":false}}}");
      return server.accept();
    } finally {
      Files.deleteIfExists(path);
    }
  }

  /** Returns whether this line is attached to {@code vm} and still running. */
  public boolean isAttachedTo(QemuVm vm) {
    return this.vm == vm && !closed && vm.isAlive();
  }

  private void read() {
    ByteBuffer header = ByteBuffer.allocate(4);
    try {
      while (!closed) {
        header.clear();
        readFully(header);
        int length = header.flip().getInt();
        if (length < 0 || length > MAX_FRAME) {
          throw new IOException("bad frame length " + length);
        }
        ByteBuffer data = ByteBuffer.allocate(length);
        readFully(data);
        long release = schedule.release(System.nanoTime(), length);
        if (release != FrameSchedule.DROP && queue.size() < QUEUE_LIMIT) {
          queue.add(new Frame(release, data.array()));
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.log(Level.DEBUG, () -> "delay line ends: " + e.getMessage());
      }
    }
  }

  private void readFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (fromQemu.read(buffer) < 0) {
        throw new EOFException("QEMU closed the delay line");
      }
    }
  }

  private void write() {
    try {
      while (!closed) {
        Frame frame = queue.poll(100, TimeUnit.MILLISECONDS);
        if (frame == null) {
          continue;
        }
        long wait;
        while (!closed && (wait = frame.release() - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        ByteBuffer out = ByteBuffer.allocate(4 + frame.data().length);
        out.putInt(frame.data().length).put(frame.data()).flip();
        while (out.hasRemaining()) {
          toQemu.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      if (!closed) {
        LOG.log(Level.DEBUG, () -> "delay line ends: " + e.getMessage());
      }
    }
  }

  /**
   * Removes the filter and the chardevs (while QEMU runs; frames then flow directly again), drops
   * what is still queued, and ends the threads; idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (vm.isAlive()) {
      try {
        vm.qmp("object-del", "{\"id\":\"" + FILTER_ID + "\"}");
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "object-del " + FILTER_ID + ": " + e.getMessage());
      }
    }
    closed = true;
    closeQuietly(fromQemu);
    closeQuietly(toQemu);
    if (vm.isAlive()) {
      removeChardev(vm, IN_ID);
      removeChardev(vm, OUT_ID);
    }
    LockSupport.unpark(writer);
    join(reader);
    join(writer);
    queue.clear();
  }

  private static void removeChardev(QemuVm vm, String id) {
    try {
      vm.qmp("chardev-remove", "{\"id\":\"" + id + "\"}");
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "chardev-remove " + id + ": " + e.getMessage());
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }
}
