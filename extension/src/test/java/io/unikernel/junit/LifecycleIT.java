package io.unikernel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.unikernel.junit.testing.LeakCheckExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/** Scopes against real QEMU: class instances, nested classes, per-test instances, parameters. */
@ExtendWith(LeakCheckExtension.class)
@UnikernelTest
@Isolated // checks the whole host for leftovers
class LifecycleIT {

  @UnikernelInstance(
      image = "target/guest/testguest",
      port = 8080,
      args = {"serve", "8080"})
  static Unikernel shared;

  @UnikernelInstance(
      image = "target/guest/testguest",
      args = {"print", "fresh", "instance"})
  Unikernel perTest;

  static String answerInBeforeAll;
  static final List<Unikernel> perTestHandles = new ArrayList<>();

  @BeforeAll
  static void staticInstancesAreUsableInBeforeAll(
      @UnikernelInstance(name = "shared") Unikernel parameter) throws Exception {
    assertThat(parameter).isSameAs(shared);
    answerInBeforeAll = get(shared, "/before-all");
  }

  @AfterAll
  static void perTestInstancesWereStoppedAfterTheirTest() {
    assertThat(perTestHandles).hasSize(2).doesNotHaveDuplicates();
    assertThat(perTestHandles).noneMatch(Unikernel::isRunning);
  }

  @Test
  void theClassInstanceAnswered() {
    assertThat(answerInBeforeAll).isEqualTo("ok GET /before-all\n");
  }

  @Test
  void eachTestGetsAFreshInstance() {
    perTestHandles.add(perTest);
    assertThat(perTest.isRunning()).isTrue();
    assertThat(perTest.console().waitFor("^fresh instance$", Duration.ofSeconds(10)))
        .isEqualTo("fresh instance");
  }

  @Test
  void andAnotherOne() {
    perTestHandles.add(perTest);
    assertThat(perTest.isRunning()).isTrue();
  }

  @Nested
  class WhenNested {
    @Test
    void theOuterInstanceIsSharedWithoutAReboot() throws Exception {
      assertThat(shared.isRunning()).isTrue();
      assertThat(shared.console().lines())
          .filteredOn(line -> line.startsWith("unikernel-init: starting"))
          .hasSize(1);
      assertThat(get(shared, "/nested")).isEqualTo("ok GET /nested\n");
    }
  }

  static String get(Unikernel instance, String path) throws Exception {
    Request request = new Request.Builder().url(instance.url(path)).build();
    try (Response response = instance.http().newCall(request).execute()) {
      return response.body().string();
    }
  }
}
