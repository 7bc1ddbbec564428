package io.unikernel.junit.internal.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code GuestImage} is what an instance's {@code image} names: a static program, which the
 * extension packs into a microVM image, or a raw bootable disk (such as {@code ops build} makes),
 * given as a path or as the name of an image under {@code $OPS_HOME/.ops/images}.
 *
 * @param disk whether {@code path} is a raw disk image rather than a program
 */
public record GuestImage(Path path, boolean disk) {

  private static final int BOOT_SIGNATURE_OFFSET = 510;

  /**
   * Locates {@code image}.
   *
   * @param opsHome {@code OPS_HOME} as configured, or {@code null} for the environment's or the
   *     user's home
   */
  public static GuestImage locate(Path image, Path opsHome) {
    if (Files.isRegularFile(image)) {
      return new GuestImage(image, isRawDisk(image));
    }
    return opsImage(image, opsHome)
        .map(path -> new GuestImage(path, true))
        .orElse(new GuestImage(image, false));
  }

  /** Returns the ops image that a bare name refers to, if there is one. */
  public static Optional<Path> opsImage(Path image, Path opsHome) {
    if (image.getNameCount() != 1 || image.isAbsolute()) {
      return Optional.empty();
    }
    Path home =
        opsHome != null
            ? opsHome
            : Path.of(
                Optional.ofNullable(System.getenv("OPS_HOME"))
                    .orElse(System.getProperty("user.home")));
    Path candidate = home.resolve(".ops/images").resolve(image.toString());
    return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /** Returns whether {@code file} starts with a boot sector (0x55 0xAA at byte 510). */
  public static boolean isRawDisk(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] sector = in.readNBytes(BOOT_SIGNATURE_OFFSET + 2);
      return sector.length == BOOT_SIGNATURE_OFFSET + 2
          && (sector[BOOT_SIGNATURE_OFFSET] & 0xff) == 0x55
          && (sector[BOOT_SIGNATURE_OFFSET + 1] & 0xff) == 0xaa;
    } catch (IOException e) {
      return false;
    }
  }
}
