package io.unikernel.junit.internal.plan;

import io.unikernel.junit.internal.net.Ipv4Address;
import io.unikernel.junit.internal.net.Ipv4Subnet;

/**
 * {@code NetworkSettings} is the bridge that bridged instances of a class attach to.
 *
 * @param bridgeAddress the bridge's own address, never given to a guest
 */
public record NetworkSettings(String bridgeName, Ipv4Subnet subnet, Ipv4Address bridgeAddress) {

  /** Parses a CIDR such as {@code 192.168.42.1/24}: the bridge's address and its subnet. */
  public static NetworkSettings of(String bridgeName, String bridgeCidr) {
    int slash = bridgeCidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "bridge CIDR \"" + bridgeCidr + "\" has no prefix length; write e.g. 192.168.42.1/24");
    }
    Ipv4Address address = Ipv4Address.parse(bridgeCidr.substring(0, slash));
    int prefix;
    try {
      prefix = Integer.parseInt(bridgeCidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bridge CIDR \"" + bridgeCidr + "\" has a bad prefix length; write e.g. 192.168.42.1/24",
          e);
    }
    Ipv4Subnet subnet = Ipv4Subnet.of(address, prefix);
    if (address.equals(subnet.network()) || address.equals(subnet.broadcast())) {
      throw new IllegalArgumentException(
          "bridge CIDR \""
              + bridgeCidr
              + "\" gives the bridge the network or broadcast address of "
              + subnet
              + "; write the bridge's own address, e.g. 192.168.42.1/24");
    }
    return new NetworkSettings(bridgeName, subnet, address);
  }
}
