package io.unikernel.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * What {@code ci/demo} runs: the reference pair of {@link HelloHeadersTest} (its instances and
 * tests are inherited), plus what the server answered and what the client printed, written to
 * stdout. Its name does not end in {@code Test}, so the normal suite does not run it twice.
 */
class ReferencePairDemo extends HelloHeadersTest {

  @Test
  void bootThePairAndShowWhatTheySaid() throws Exception {
    System.out.println("=== server " + server.address() + " (tap0), client (tap1)");
    String hello = get("/hello", null);
    System.out.println("=== GET /hello -> " + hello.strip());
    String headers = get("/headers", "demo");
    System.out.println("=== GET /headers (with X-Demo: demo) ->");
    headers.lines().forEach(line -> System.out.println("    " + line));

    // The client polls every 5 seconds; show two of its answers.
    await("two answers on the client's console")
        .atMost(Duration.ofSeconds(30))
        .until(ReferencePairDemo::clientAnswers, answers -> answers.size() >= 2);
    List<String> answers = clientAnswers();
    System.out.println("=== client console (answers from the server):");
    answers.forEach(line -> System.out.println("    " + line));
    System.out.println("=== end");

    assertThat(hello).isEqualTo("hello test 2\n");
    assertThat(headers).contains("X-Demo: demo");
    assertThat(answers).hasSizeGreaterThanOrEqualTo(2);
  }

  private static List<String> clientAnswers() {
    return client.console().lines().stream().filter("hello test 2"::equals).toList();
  }

  private static String get(String path, String demoHeader) throws Exception {
    Request.Builder request = new Request.Builder().url(server.url(path));
    if (demoHeader != null) {
      request.header("X-Demo", demoHeader);
    }
    try (Response response = server.http().newCall(request.build()).execute()) {
      return response.body().string();
    }
  }
}
