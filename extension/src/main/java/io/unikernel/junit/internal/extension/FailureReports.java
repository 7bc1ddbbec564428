package io.unikernel.junit.internal.extension;

import io.unikernel.junit.UnikernelException;
import io.unikernel.junit.internal.boot.RunningInstance;
import io.unikernel.junit.internal.runtime.ConsoleCapture;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;

/** {@code FailureReports} tells a failed test's reader what its instances printed. */
final class FailureReports {
  private static final System.Logger LOG = System.getLogger(FailureReports.class.getName());

  private FailureReports() {}

  /** Adds one suppressed exception per instance, holding the tail of its console. */
  static void attachConsoleTails(Throwable failure, List<RunningInstance> instances) {
    for (RunningInstance instance : instances) {
      ConsoleCapture console = (ConsoleCapture) instance.console();
      failure.addSuppressed(new ConsoleTail(console.describeTail()));
    }
  }

  /**
   * Publishes each instance's whole console log as a report file of the failed test. A launcher
   * that keeps no output directory refuses; the logs then stay where the console tails say.
   */
  static void publishConsoles(ExtensionContext context, List<RunningInstance> instances) {
    for (RunningInstance instance : instances) {
      var log = instance.console().logFile();
      try {
        if (Files.exists(log)) {
          context.publishFile(
              instance.name() + ".log",
              MediaType.TEXT_PLAIN_UTF_8,
              target -> Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING));
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> "cannot publish " + log + ": " + e.getMessage());
      }
    }
  }

  /** Carries a console tail into a failure report; it has no stack trace of its own. */
  static final class ConsoleTail extends UnikernelException {
    private static final long serialVersionUID = 1L;

    ConsoleTail(String tail) {
      super(tail);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
