package io.unikernel.junit.internal.extension;

import io.unikernel.junit.internal.boot.BootEnvironment;
import io.unikernel.junit.internal.boot.ClassNetwork;
import io.unikernel.junit.internal.boot.InstanceGroup;
import io.unikernel.junit.internal.boot.ResourceStack;
import io.unikernel.junit.internal.boot.RunningInstance;
import io.unikernel.junit.internal.net.PacketCapture;
import io.unikernel.junit.internal.plan.InstanceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code ScopeResources} is the store entry of one scope: a test class (its static instances and,
 * for the outermost class, the bridged network) or one test (its instance-field instances). It is
 * put into the store before anything is acquired, and its {@link #close()} copes with never, half
 * and fully started, and with being called twice (by {@code afterAll}/{@code afterEach} and by the
 * store).
 */
@SuppressWarnings("deprecation") // CloseableResource: still needed for JUnit 5.x before 5.13.
final class ScopeResources implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private final ScopeResources parent;
  private final String label;
  private final Configuration configuration;
  private final ResourceStack resources = new ResourceStack();
  private ClassNetwork network;
  private InstanceGroup group;
  private List<InstanceSpec> specs = List.of();
  private Path capture;
  private PacketCapture running;
  private volatile boolean failed;

  /**
   * @param parent the enclosing scope (the class for a test, the outer class for a nested class),
   *     or {@code null}
   * @param label identifies the scope in thread names
   */
  ScopeResources(ScopeResources parent, String label, Configuration configuration) {
    this.parent = parent;
    this.label = label;
    this.configuration = configuration;
    // Registered first so that it is closed last, after every instance that used it.
    resources.push(this::closeNetwork);
  }

  /** Returns the bridged network shared by a class, its nested classes and its tests. */
  synchronized ClassNetwork network() {
    if (parent != null) {
      return parent.network();
    }
    if (network == null) {
      network = ClassNetwork.create(label, configuration.network());
      if (capture != null) {
        startCapture(network);
      }
    }
    return network;
  }

  /** Captures the bridge into {@code pcap} once the network exists (outermost scope only). */
  synchronized void captureTo(Path pcap) {
    this.capture = pcap;
  }

  /** Returns the capture file asked for, or {@code null}. */
  synchronized Path captureFile() {
    return capture;
  }

  private void startCapture(ClassNetwork made) {
    try {
      running = PacketCapture.start(made.commandPrefix(), made.settings().bridgeName(), capture);
    } catch (RuntimeException e) {
      try {
        made.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      network = null;
      throw e;
    }
  }

  /** Records that a test of this scope failed, up to the outermost scope. */
  void markFailed() {
    failed = true;
    if (parent != null) {
      parent.markFailed();
    }
  }

  boolean failed() {
    return failed;
  }

  private synchronized void closeNetwork() {
    if (running != null) {
      // tcpdump first: it completes the file, and keeps the namespace alive while it runs.
      running.close();
      running = null;
    }
    if (network != null) {
      network.close();
      network = null;
    }
  }

  /** Makes the instance group of this scope; call once, before booting. */
  synchronized InstanceGroup group(BootEnvironment environment) {
    if (group == null) {
      group = resources.push(new InstanceGroup(environment, this::network, this::findOuter));
    }
    return group;
  }

  void planned(List<InstanceSpec> specs) {
    this.specs = List.copyOf(specs);
  }

  /** Returns the specs of this scope and every enclosing one. */
  List<InstanceSpec> visibleSpecs() {
    List<InstanceSpec> visible =
        new ArrayList<>(parent == null ? List.of() : parent.visibleSpecs());
    visible.addAll(specs);
    return visible;
  }

  /** Returns the instances of this scope and every enclosing one, outermost first. */
  synchronized List<RunningInstance> visibleInstances() {
    List<RunningInstance> visible =
        new ArrayList<>(parent == null ? List.of() : parent.visibleInstances());
    if (group != null) {
      visible.addAll(group.instances());
    }
    return visible;
  }

  /** Finds a running instance by name here or in an enclosing scope. */
  synchronized Optional<RunningInstance> find(String name) {
    return group != null ? group.find(name) : findOuter(name);
  }

  private Optional<RunningInstance> findOuter(String name) {
    return parent == null ? Optional.empty() : parent.find(name);
  }

  @Override
  public void close() {
    resources.close();
  }
}
