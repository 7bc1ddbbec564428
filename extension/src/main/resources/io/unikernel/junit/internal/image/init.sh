#!/bin/busybox sh
# /init of a unikernel-junit microVM image (written by MicroVmImageBuilder).
#
# It loads the virtio network modules, configures eth0 from the kernel command line, runs
# /app/program as a child, reports its exit status on the console and powers off, so that QEMU
# (started with -no-reboot) exits. Parameters, all optional (see BootParameters):
#   uk.ip=A.B.C.D/N   address of eth0        uk.gw=A.B.C.D   default gateway
#   uk.args=<base64>  program arguments, each terminated by a newline
#   uk.env=<base64>   KEY=VALUE lines exported to the program
#   uk.dhcp=1         ask for eth0's address by DHCP (for disk images, whose command line is baked)
#   uk.port=N         announce on the console when the program listens on TCP port N
# The host side waits for the "unikernel-init:" lines; keep their wording stable.
bb=/bin/busybox

# busybox udhcpc configures nothing itself: it runs a script with the lease in its environment.
# This file is that script too (udhcpc -s /init), recognised by udhcpc's first argument.
case "$1" in
deconfig)
  $bb ip addr flush dev "$interface"
  exit 0
  ;;
bound | renew)
  $bb ip addr add "$ip/${mask:-24}" dev "$interface"
  [ -z "$router" ] || $bb ip route add default via "${router%% *}"
  # udhcpc runs quietly (its output goes to /dev/null); this line is for the host to see.
  echo "unikernel-init: dhcp address $ip" >/dev/console
  exit 0
  ;;
leasefail | nak) exit 0 ;;
esac

log() { echo "unikernel-init: $*"; }

# PID 1 must never exit: the kernel would panic with "Attempted to kill init" (panic=-1 then
# reboots, which -no-reboot turns into an exit, but without the status line).
finish() {
  log "program exited with status $1"
  # A reboot, not a power-off: the guest runs without ACPI (acpi=off, for boot speed), and QEMU's
  # -no-reboot turns the reset into an exit.
  $bb reboot -f
  # reboot -f only returns if the reboot call failed.
  while :; do $bb sleep 3600; done
}

$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb mount -t devtmpfs devtmpfs /dev
export PATH=/bin

while IFS= read -r module; do
  [ -n "$module" ] || continue
  $bb insmod "/lib/modules/$module" || log "failed to load $module"
done </lib/modules/load-order

ip= gw= args= env= dhcp= port=
read -r cmdline </proc/cmdline
set -f # the command line is split on spaces only; never glob it
for param in $cmdline; do
  case "$param" in
  uk.ip=*) ip=${param#uk.ip=} ;;
  uk.gw=*) gw=${param#uk.gw=} ;;
  uk.args=*) args=${param#uk.args=} ;;
  uk.env=*) env=${param#uk.env=} ;;
  uk.dhcp=*) dhcp=${param#uk.dhcp=} ;;
  uk.port=*) port=${param#uk.port=} ;;
  esac
done
set +f

$bb ip link set lo up
# virtio_net probes its device while insmod runs, so eth0 normally exists by now; the loop only
# covers a slow or asynchronous probe.
tries=0
while [ ! -e /sys/class/net/eth0 ] && [ "$tries" -lt 100 ]; do
  $bb usleep 20000
  tries=$((tries + 1))
done
if [ -e /sys/class/net/eth0 ]; then
  $bb ip link set eth0 up
  [ -z "$ip" ] || $bb ip addr add "$ip" dev eth0 || log "cannot set address $ip"
  [ -z "$gw" ] || $bb ip route add default via "$gw" || log "cannot set gateway $gw"
  if [ "$dhcp" = 1 ]; then
    $bb udhcpc -i eth0 -s /init -q -n -t 20 -T 1 >/dev/null 2>&1 || log "no dhcp lease"
  fi
else
  log "no network device"
fi

# Each argument ends with a newline, so empty arguments and spaces survive; a redirected loop
# runs in this shell, which keeps "$@".
set --
if [ -n "$args" ]; then
  echo "$args" | $bb base64 -d >/tmp/uk.args || log "cannot decode uk.args"
  while IFS= read -r arg; do
    set -- "$@" "$arg"
  done </tmp/uk.args
fi
# Last, so that no variable of this script overwrites one of the program's. Shell variables
# that are not exported do not reach the program.
if [ -n "$env" ]; then
  echo "$env" | $bb base64 -d >/tmp/uk.env || log "cannot decode uk.env"
  while IFS= read -r uk_line; do
    [ -z "$uk_line" ] || export "$uk_line"
  done </tmp/uk.env
fi

log "starting /app/program"
# A child, not exec: PID 1 stays to report the status and power off. An asynchronous command
# gets /dev/null as stdin unless told otherwise; give it the console.
exec 3<&0
/app/program "$@" <&3 3<&- &
program=$!
if [ -n "$port" ]; then
  # Tells the host the moment the program listens, from inside the guest: through QEMU's user-mode
  # forward the host cannot tell a listening guest from one that is about to refuse.
  listening=$(printf ':%04X [0-9A-F:]* 0A ' "$port")
  (
    until $bb grep -q -e "$listening" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
      $bb usleep 10000
    done
    log "listening on port $port"
  ) &
fi
wait $program
finish $?
