package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.unikernel.junit.testing.LeakCheck;
import io.unikernel.junit.testing.ReportDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @CapturePackets}: tcpdump on the class's bridge; the pcap is published when a test of the
 * class failed and deleted when all passed; tcpdump is gone afterwards.
 */
@Isolated // checks the whole host for leftovers
class CaptureIT {

  /** The classic pcap magic number as tcpdump writes it on x86 (little endian). */
  private static final byte[] PCAP_MAGIC = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1};

  @Test
  void aFailedClassPublishesItsCaptureAndAPassingOneDeletesIt(
      @TempDir Path logs, @TempDir Path reports) throws IOException {
    LeakCheck leakCheck = LeakCheck.start();

    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(FailingTestCase.class), selectClass(PassingTestCase.class))
            .configurationParameter("unikernel.logs.dir", logs.toString())
            .outputDirectoryCreator(ReportDirectories.under(reports))
            .execute()
            .allEvents();

    assertThat(events.failed().count()).isEqualTo(1); // the deliberate failure, no other
    Path failedCapture =
        logs.resolve(FailingTestCase.class.getName()).resolve(CapturePackets.FILE_NAME);
    assertThat(failedCapture).exists();
    assertThat(Files.readAllBytes(failedCapture)).startsWith(PCAP_MAGIC);
    assertThat(Files.size(failedCapture)).isGreaterThan(24 + 100); // header plus frames
    assertThat(events.stream().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED))
        .map(e -> e.getRequiredPayload(FileEntry.class).getPath().getFileName().toString())
        .contains(CapturePackets.FILE_NAME);
    assertThat(logs.resolve(PassingTestCase.class.getName()).resolve(CapturePackets.FILE_NAME))
        .doesNotExist();
    assertThat(leakCheck.leaks()).isEmpty();
  }

  @UnikernelTest
  @CapturePackets
  static class FailingTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        args = {"serve", "8080"})
    static Unikernel server;

    @Test
    void fails() throws Exception {
      assertThat(LifecycleIT.get(server, "/captured")).isEqualTo("ok GET /captured\n");
      throw new AssertionError("deliberate");
    }
  }

  @UnikernelTest
  @CapturePackets
  static class PassingTestCase {
    @UnikernelInstance(
        image = "target/guest/testguest",
        mode = Mode.BRIDGED,
        port = 8080,
        args = {"serve", "8080"})
    static Unikernel server;

    @Test
    void passes() throws Exception {
      assertThat(LifecycleIT.get(server, "/captured")).isEqualTo("ok GET /captured\n");
    }
  }
}
