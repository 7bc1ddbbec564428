package io.unikernel.junit.assertj;

import io.unikernel.junit.Unikernel;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.Response;
import org.assertj.core.api.AbstractAssert;

/**
 * {@code UnikernelAssert} holds AssertJ assertions on a running {@link Unikernel}. HTTP assertions
 * send one {@code GET} through {@link Unikernel#http()}, so they work in both modes. Failure
 * messages end with the tail of the instance's console.
 *
 * @since 0.2
 */
public class UnikernelAssert extends AbstractAssert<UnikernelAssert, Unikernel> {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final int TAIL_LINES = 20;

  public UnikernelAssert(Unikernel actual) {
    super(actual, UnikernelAssert.class);
  }

  /** Verifies that the instance's VM process is running. */
  public UnikernelAssert isRunning() {
    isNotNull();
    if (!actual.isRunning()) {
      failWithMessage(
          "%nExpecting instance:%n  %s%nto be running but its VM has exited.%s", actual, tail());
    }
    return this;
  }

  /** Verifies that the instance's VM process is not running. */
  public UnikernelAssert isNotRunning() {
    isNotNull();
    if (actual.isRunning()) {
      failWithMessage(
          "%nExpecting instance:%n  %s%nnot to be running but it is.%s", actual, tail());
    }
    return this;
  }

  /** Verifies that {@code GET path} answers with a 2xx status. */
  public UnikernelAssert respondsTo(String path) {
    Answer answer = get(path);
    if (answer.code() < 200 || answer.code() > 299) {
      failWithMessage(
          "%nExpecting GET %s to respond with a 2xx status but it responded with %s:%n  %s%s",
          actual.url(path), answer.code(), answer.body(), tail());
    }
    return this;
  }

  /** Verifies that {@code GET path} answers with status {@code code}. */
  public UnikernelAssert respondsWithStatus(String path, int code) {
    Answer answer = get(path);
    if (answer.code() != code) {
      failWithMessage(
          "%nExpecting GET %s to respond with status:%n  %s%nbut it responded with:%n  %s%s",
          actual.url(path), code, answer.code(), tail());
    }
    return this;
  }

  /** Verifies that {@code GET path} answers with exactly {@code body} (any status). */
  public UnikernelAssert respondsWithBody(String path, String body) {
    Answer answer = get(path);
    if (!answer.body().equals(body)) {
      failWithMessage(
          "%nExpecting GET %s to respond with body:%n  \"%s\"%nbut it responded with:%n  \"%s\""
              + " (status %s)%s",
          actual.url(path), body, answer.body(), answer.code(), tail());
    }
    return this;
  }

  /** Verifies that the instance's declared port accepts a TCP connection within 5 seconds. */
  public UnikernelAssert hasPortOpen() {
    isNotNull();
    if (actual.port() == 0) {
      failWithMessage(
          "%nExpecting instance:%n  %s%nto have its port open but it declares no port", actual);
    }
    try (Socket socket = actual.socketFactory().createSocket()) {
      socket.connect(actual.address(), (int) CONNECT_TIMEOUT.toMillis());
    } catch (IOException e) {
      failWithMessage(
          "%nExpecting port %s of instance:%n  %s%nto be open but connecting failed:%n  %s%s",
          actual.port(), actual, e.toString(), tail());
    }
    return this;
  }

  private record Answer(int code, String body) {}

  private Answer get(String path) {
    isNotNull();
    Request request = new Request.Builder().url(actual.url(path)).build();
    try (Response response = actual.http().newCall(request).execute()) {
      return new Answer(response.code(), response.body() == null ? "" : response.body().string());
    } catch (IOException e) {
      failWithMessage(
          "%nExpecting GET %s to respond but it failed:%n  %s%s",
          actual.url(path), e.toString(), tail());
      throw new AssertionError("unreachable");
    }
  }

  private String tail() {
    return ConsoleAssert.describeTail(actual.name(), actual.console(), TAIL_LINES);
  }
}
