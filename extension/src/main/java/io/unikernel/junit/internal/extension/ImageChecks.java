package io.unikernel.junit.internal.extension;

import io.unikernel.junit.internal.image.ElfInspector;
import io.unikernel.junit.internal.image.GuestImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code ImageChecks} says why a path cannot be booted as a microVM program, if it cannot. */
final class ImageChecks {
  private ImageChecks() {}

  /** Accepts a static program, a raw disk image, or the name of an ops image. */
  static Optional<String> staticProgram(Path image) {
    if (GuestImage.locate(image, null).disk()) {
      return Optional.empty();
    }
    try {
      switch (ElfInspector.inspect(image)) {
        case STATIC:
          return Optional.empty();
        case NOT_FOUND:
          return Optional.of("no such file");
        case NOT_A_FILE:
          return Optional.of("not a regular file");
        case NOT_ELF:
          return Optional.of("neither an ELF program nor a bootable raw disk image");
        case NOT_EXECUTABLE:
          return Optional.of("an ELF file but not an executable program");
        case DYNAMIC:
          return Optional.of(
              "dynamically linked; the guest has no libraries, so link it statically");
        case WRONG_ARCH:
          return Optional.of("not an x86-64 program");
        default:
          return Optional.of("not a bootable program");
      }
    } catch (UncheckedIOException e) {
      return Optional.of("unreadable (" + e.getCause().getMessage() + ")");
    }
  }
}
