package io.unikernel.junit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BridgePartitionsTests {

  @Test
  void createsOneBridgeTableWithASetOfCutPairs() {
    assertThat(BridgePartitions.createTableCommand())
        .containsExactly(
            "nft",
            "add table bridge unikernel; add set bridge unikernel partitions"
                + " { type ifname . ifname; }; add chain bridge unikernel forward"
                + " { type filter hook forward priority 0; policy accept; };"
                + " add rule bridge unikernel forward iifname . oifname @partitions drop");
  }

  @Test
  void cutsAndHealsBothDirections() {
    assertThat(BridgePartitions.cutCommand("tap0", "tap1"))
        .containsExactly(
            "nft",
            "add element bridge unikernel partitions { \"tap0\" . \"tap1\", \"tap1\" . \"tap0\" }");
    assertThat(BridgePartitions.healCommand("tap0", "tap1"))
        .containsExactly(
            "nft",
            "delete element bridge unikernel partitions"
                + " { \"tap0\" . \"tap1\", \"tap1\" . \"tap0\" }");
    assertThat(BridgePartitions.deleteTableCommand())
        .containsExactly("nft", "delete table bridge unikernel");
  }

  @Test
  void refusesNamesThatAreNotInterfaceNames() {
    assertThatThrownBy(() -> BridgePartitions.cutCommand("tap0\"; flush ruleset", "tap1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BridgePartitions.cutCommand("tap0", "tap0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void makesTheTableOnceAndHealsOnlyWhatIsCut() {
    List<List<String>> run = new ArrayList<>();
    BridgePartitions partitions = new BridgePartitions(run::add);

    partitions.heal("tap0", "tap1");
    partitions.partition("tap0", "tap1");
    partitions.partition("tap1", "tap0");
    partitions.partition("tap0", "tap2");
    assertThat(partitions.isCut("tap1", "tap0")).isTrue();
    partitions.healAll("tap0");
    partitions.healAll("tap0");

    assertThat(run)
        .containsExactly(
            BridgePartitions.createTableCommand(),
            BridgePartitions.cutCommand("tap0", "tap1"),
            BridgePartitions.cutCommand("tap0", "tap2"),
            BridgePartitions.healCommand("tap0", "tap1"),
            BridgePartitions.healCommand("tap0", "tap2"));
    assertThat(partitions.isCut("tap0", "tap1")).isFalse();
  }
}
