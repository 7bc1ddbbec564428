package io.unikernel.junit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;

/**
 * {@code ReportDirectories} lets EngineTestKit runs publish report files (it refuses by default),
 * each test into a directory of its own under {@code root}.
 */
public final class ReportDirectories implements OutputDirectoryCreator {

  private final Path root;

  private ReportDirectories(Path root) {
    this.root = root;
  }

  public static ReportDirectories under(Path root) {
    return new ReportDirectories(root);
  }

  @Override
  public Path getRootDirectory() {
    return root;
  }

  @Override
  public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
    return Files.createTempDirectory(root, "test");
  }
}
