package io.unikernel.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unikernel.junit.internal.image.ElfInspector.ElfKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfInspectorTests {

  private static final short ET_REL = 1;
  private static final short ET_EXEC = 2;
  private static final short ET_DYN = 3;
  private static final short ET_CORE = 4;
  private static final short EM_X86_64 = 62;
  private static final short EM_AARCH64 = 183;
  private static final int PT_LOAD = 1;
  private static final int PT_INTERP = 3;

  @TempDir Path dir;

  @Nested
  class RealFiles {

    @Test
    void busyboxFromBusyboxStaticIsStatic() {
      Path busybox = Path.of("/bin/busybox");
      assumeTrue(Files.isRegularFile(busybox), "needs busybox-static (ci/setup installs it)");

      assertThat(ElfInspector.inspect(busybox)).isEqualTo(ElfKind.STATIC);
    }

    @Test
    void lsIsDynamic() {
      assertThat(ElfInspector.inspect(Path.of("/bin/ls"))).isEqualTo(ElfKind.DYNAMIC);
    }

    @Test
    void missingPathIsNotFound() {
      assertThat(ElfInspector.inspect(dir.resolve("missing"))).isEqualTo(ElfKind.NOT_FOUND);
    }

    @Test
    void directoryIsNotAFile() {
      assertThat(ElfInspector.inspect(dir)).isEqualTo(ElfKind.NOT_A_FILE);
    }

    @Test
    void shellScriptIsNotElf() throws IOException {
      Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n");

      assertThat(ElfInspector.inspect(script)).isEqualTo(ElfKind.NOT_ELF);
    }

    @Test
    void emptyFileIsNotElf() throws IOException {
      assertThat(ElfInspector.inspect(Files.createFile(dir.resolve("empty"))))
          .isEqualTo(ElfKind.NOT_ELF);
    }
  }

  @Nested
  class SynthesizedHeaders {

    @Test
    void executableWithoutInterpreterIsStatic() throws IOException {
      assertThat(inspect(elf64(ET_EXEC, EM_X86_64, 0x401000, PT_LOAD))).isEqualTo(ElfKind.STATIC);
    }

    @Test
    void executableWithInterpreterIsDynamic() throws IOException {
      assertThat(inspect(elf64(ET_EXEC, EM_X86_64, 0x401000, PT_LOAD, PT_INTERP)))
          .isEqualTo(ElfKind.DYNAMIC);
    }

    @Test
    void positionIndependentExecutableWithInterpreterIsDynamic() throws IOException {
      assertThat(inspect(elf64(ET_DYN, EM_X86_64, 0x1000, PT_INTERP, PT_LOAD)))
          .isEqualTo(ElfKind.DYNAMIC);
    }

    @Test
    void staticPositionIndependentExecutableIsStatic() throws IOException {
      assertThat(inspect(elf64(ET_DYN, EM_X86_64, 0x1000, PT_LOAD))).isEqualTo(ElfKind.STATIC);
    }

    @Test
    void sharedLibraryWithoutEntryPointIsNotExecutable() throws IOException {
      assertThat(inspect(elf64(ET_DYN, EM_X86_64, 0, PT_LOAD))).isEqualTo(ElfKind.NOT_EXECUTABLE);
    }

    @Test
    void relocatableObjectIsNotExecutable() throws IOException {
      assertThat(inspect(elf64(ET_REL, EM_X86_64, 0))).isEqualTo(ElfKind.NOT_EXECUTABLE);
    }

    @Test
    void coreDumpIsNotExecutable() throws IOException {
      assertThat(inspect(elf64(ET_CORE, EM_X86_64, 0, PT_LOAD))).isEqualTo(ElfKind.NOT_EXECUTABLE);
    }

    @Test
    void otherMachineIsWrongArch() throws IOException {
      assertThat(inspect(elf64(ET_EXEC, EM_AARCH64, 0x401000, PT_LOAD)))
          .isEqualTo(ElfKind.WRONG_ARCH);
    }

    @Test
    void thirtyTwoBitFileIsWrongArch() throws IOException {
      byte[] bytes = elf64(ET_EXEC, EM_X86_64, 0x401000, PT_LOAD);
      bytes[4] = 1; // ELFCLASS32

      assertThat(inspect(bytes)).isEqualTo(ElfKind.WRONG_ARCH);
    }

    @Test
    void bigEndianFileIsWrongArch() throws IOException {
      byte[] bytes = elf64(ET_EXEC, EM_X86_64, 0x401000, PT_LOAD);
      bytes[5] = 2; // ELFDATA2MSB

      assertThat(inspect(bytes)).isEqualTo(ElfKind.WRONG_ARCH);
    }

    @Test
    void truncatedProgramHeaderTableIsNotElf() throws IOException {
      byte[] bytes = elf64(ET_EXEC, EM_X86_64, 0x401000, PT_LOAD, PT_INTERP);
      byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 10);

      assertThat(inspect(truncated)).isEqualTo(ElfKind.NOT_ELF);
    }

    @Test
    void truncatedFileHeaderIsNotElf() throws IOException {
      byte[] bytes = java.util.Arrays.copyOf(elf64(ET_EXEC, EM_X86_64, 0x401000, PT_LOAD), 40);

      assertThat(inspect(bytes)).isEqualTo(ElfKind.NOT_ELF);
    }
  }

  private ElfKind inspect(byte[] bytes) throws IOException {
    return ElfInspector.inspect(Files.write(Files.createTempFile(dir, "elf", ""), bytes));
  }

  /** An ELF64 little-endian file header followed by one program header per type. */
  private static byte[] elf64(short type, short machine, long entry, int... programHeaderTypes) {
    int ehsize = 64;
    int phentsize = 56;
    ByteBuffer buffer =
        ByteBuffer.allocate(ehsize + phentsize * programHeaderTypes.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    buffer.position(16);
    buffer.putShort(type);
    buffer.putShort(machine);
    buffer.putInt(1); // e_version
    buffer.putLong(entry);
    buffer.putLong(programHeaderTypes.length == 0 ? 0 : ehsize); // e_phoff
    buffer.putLong(0); // e_shoff
    buffer.putInt(0); // e_flags
    buffer.putShort((short) ehsize);
    buffer.putShort((short) (programHeaderTypes.length == 0 ? 0 : phentsize));
    buffer.putShort((short) programHeaderTypes.length);
    for (int i = 0; i < programHeaderTypes.length; i++) {
      buffer.putInt(ehsize + i * phentsize, programHeaderTypes[i]);
    }
    return buffer.array();
  }
}
