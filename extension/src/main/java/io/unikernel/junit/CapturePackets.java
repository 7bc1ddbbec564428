package io.unikernel.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code @CapturePackets} records every frame on the class's bridge with {@code tcpdump} (run
 * inside the class's network namespace) into {@code <unikernel.logs.dir>/<test class>/bridge.pcap}.
 * When a test of the class (or the class itself) fails, the file is kept and published as a report
 * file of the class; when everything passed it is deleted.
 *
 * <p>Only classes with {@link Mode#BRIDGED} instances have a bridge to capture. Setting the
 * configuration parameter {@value #CAPTURE}{@code =true} captures for every such class.
 *
 * @since 0.2
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface CapturePackets {

  /** Configuration parameter that captures every bridged class: {@code true} or {@code false}. */
  String CAPTURE = "unikernel.capture";

  /** The capture's file name, in the class's log directory. */
  String FILE_NAME = "bridge.pcap";
}
