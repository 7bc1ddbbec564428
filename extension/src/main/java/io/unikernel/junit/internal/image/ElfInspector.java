package io.unikernel.junit.internal.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * {@code ElfInspector} is a small ELF reader that tells whether a file can run as the only program
 * of a microVM image: a statically linked x86-64 Linux executable.
 *
 * <p>It reads the ELF64 file header and the program header table and nothing else; see {@code
 * elf(5)} and the System V ABI, "Object Files" (the {@code e_*} and {@code p_*} names below are the
 * ones used there).
 */
public final class ElfInspector {

  /** {@code ElfKind} is what {@link #inspect(Path)} found at a path. */
  public enum ElfKind {
    /** Nothing exists at the path. */
    NOT_FOUND,
    /** The path exists but is not a regular file (a directory, a device, ...). */
    NOT_A_FILE,
    /** The file does not start with a well-formed ELF header. */
    NOT_ELF,
    /** An ELF file that is not a program: a relocatable object, a core dump, a library. */
    NOT_EXECUTABLE,
    /** An x86-64 executable that needs a dynamic loader ({@code PT_INTERP}). */
    DYNAMIC,
    /** A statically linked x86-64 executable (including static PIE). */
    STATIC,
    /** An ELF file for another machine, word size or byte order than x86-64. */
    WRONG_ARCH
  }

  private static final int EI_NIDENT = 16;
  private static final int ELF64_EHDR_SIZE = 64;
  private static final int ELFCLASS64 = 2;
  private static final int ELFDATA2LSB = 1;
  private static final int ET_EXEC = 2;
  private static final int ET_DYN = 3;
  private static final int EM_X86_64 = 62;
  private static final int PT_INTERP = 3;
  private static final int ELF64_PHDR_MIN_SIZE = 56;
  // Real executables have a few dozen program headers; this only bounds a corrupt e_phnum.
  private static final int MAX_PHDR_TABLE_BYTES = 1 << 20;

  private ElfInspector() {}

  /**
   * Inspects the file at {@code path}, following symbolic links.
   *
   * @param path the file to inspect; must not be {@code null}
   * @return what the file is; never {@code null}
   * @throws UncheckedIOException if the file exists but cannot be read
   */
  public static ElfKind inspect(Path path) {
    Objects.requireNonNull(path, "path must not be null");
    if (!Files.exists(path)) {
      return ElfKind.NOT_FOUND;
    }
    if (!Files.isRegularFile(path)) {
      return ElfKind.NOT_A_FILE;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return inspect(channel);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read [" + path + "] to inspect its ELF header", e);
    }
  }

  private static ElfKind inspect(FileChannel channel) throws IOException {
    ByteBuffer header = read(channel, 0, ELF64_EHDR_SIZE);
    if (header.remaining() < EI_NIDENT
        || header.get(0) != 0x7f
        || header.get(1) != 'E'
        || header.get(2) != 'L'
        || header.get(3) != 'F') {
      return ElfKind.NOT_ELF;
    }
    if (header.get(4) != ELFCLASS64 || header.get(5) != ELFDATA2LSB) {
      return ElfKind.WRONG_ARCH;
    }
    if (header.remaining() < ELF64_EHDR_SIZE) {
      return ElfKind.NOT_ELF;
    }
    header.order(ByteOrder.LITTLE_ENDIAN);
    int type = Short.toUnsignedInt(header.getShort(16));
    int machine = Short.toUnsignedInt(header.getShort(18));
    long entry = header.getLong(24);
    long phoff = header.getLong(32);
    int phentsize = Short.toUnsignedInt(header.getShort(54));
    int phnum = Short.toUnsignedInt(header.getShort(56));
    if (machine != EM_X86_64) {
      return ElfKind.WRONG_ARCH;
    }
    if (type != ET_EXEC && type != ET_DYN) {
      return ElfKind.NOT_EXECUTABLE;
    }
    if (phnum == 0 || phentsize < ELF64_PHDR_MIN_SIZE) {
      // Without program headers the kernel has nothing to map.
      return ElfKind.NOT_EXECUTABLE;
    }
    long tableSize = (long) phnum * phentsize;
    if (phoff <= 0 || tableSize > MAX_PHDR_TABLE_BYTES || phoff > channel.size() - tableSize) {
      return ElfKind.NOT_ELF;
    }
    ByteBuffer table = read(channel, phoff, (int) tableSize).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < phnum; i++) {
      if (table.getInt(i * phentsize) == PT_INTERP) {
        return ElfKind.DYNAMIC;
      }
    }
    // ET_DYN without an interpreter is either a static PIE (runnable) or a shared library; a
    // library has no entry point.
    return type == ET_DYN && entry == 0 ? ElfKind.NOT_EXECUTABLE : ElfKind.STATIC;
  }

  private static ByteBuffer read(FileChannel channel, long position, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.flip();
  }
}
