package io.unikernel.junit.internal.extension;

import io.unikernel.junit.CapturePackets;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code PacketCaptures} decides whether a class captures its bridge ({@link CapturePackets} or
 * {@value CapturePackets#CAPTURE}) and, once the class has ended, publishes the capture if
 * something failed, or deletes it.
 */
final class PacketCaptures {

  private static final System.Logger LOG = System.getLogger(PacketCaptures.class.getName());

  private PacketCaptures() {}

  static boolean wanted(ExtensionContext context) {
    return context.getRequiredTestClass().isAnnotationPresent(CapturePackets.class)
        || context
            .getConfigurationParameter(CapturePackets.CAPTURE)
            .map(value -> Boolean.parseBoolean(value.trim()))
            .orElse(false);
  }

  /** Call after the scope closed (so tcpdump has finished the file). */
  static void publishOrDelete(ExtensionContext context, ScopeResources scope) {
    Path pcap = scope.captureFile();
    if (pcap == null || !Files.exists(pcap)) {
      return;
    }
    if (scope.failed() || context.getExecutionException().isPresent()) {
      try {
        context.publishFile(
            CapturePackets.FILE_NAME,
            MediaType.APPLICATION_OCTET_STREAM,
            target -> Files.copy(pcap, target, StandardCopyOption.REPLACE_EXISTING));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> "cannot publish " + pcap + ": " + e.getMessage());
      }
      LOG.log(Level.INFO, () -> "packet capture of the failed class kept in " + pcap);
    } else {
      try {
        Files.deleteIfExists(pcap);
      } catch (IOException e) {
        LOG.log(Level.WARNING, () -> "cannot delete " + pcap + ": " + e.getMessage());
      }
    }
  }
}
