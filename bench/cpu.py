"""How busy the machine was during a measurement, and how much of that was not the benchmark.

The benchmark may share its machine (other test runs, a browser). Before and after each measurement
it reads /proc: the whole machine's busy time from /proc/stat, its own process tree's CPU time from
/proc/<pid>/stat, and reports what the other processes used, in cores. Linux only; elsewhere the
numbers are simply absent.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Snapshot:
    when: float
    machine_busy: int                            # ticks, all CPUs
    processes: dict[int, tuple[str, int, int, int]]  # pid -> (command, parent pid, own ticks, waited-for children's)
    titles: dict[int, str]                       # pid -> command line, for PostgreSQL backends only


def _machine_busy() -> int:
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    # guest time is already counted in user time
    return sum(fields[:8]) - idle


def snapshot() -> Snapshot | None:
    try:
        busy = _machine_busy()
    except OSError:
        return None
    processes = {}
    titles: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                data = f.read()
        except OSError:
            continue
        close = data.rindex(")")
        command = data[data.index("(") + 1:close]
        fields = data[close + 2:].split()
        # utime + stime: own time; cutime + cstime: that of children already waited for
        processes[int(entry.name)] = (command, int(fields[1]), int(fields[11]) + int(fields[12]),
                                      int(fields[13]) + int(fields[14]))
        if command.startswith("postgres"):
            # A backend's title names its database: "postgres: 15/main: user dbname 127.0.0.1(port) idle"
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                    titles[int(entry.name)] = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                pass
    return Snapshot(time.monotonic(), busy, processes, titles)


def _tree(processes: dict[int, tuple[str, int, int, int]], root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (_, ppid, _, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found


def others(before: Snapshot | None, after: Snapshot | None, root: int | None = None,
           database: str | None = None) -> dict | None:
    """CPU used between two snapshots, in cores: the whole machine, the benchmark, everything else.

    The benchmark is this process tree plus, when `database` is given, the local PostgreSQL backends
    connected to that database (they serve the benchmark's queries but are the postmaster's children).
    """
    if before is None or after is None or after.when <= before.when:
        return None
    root = root or os.getpid()
    seconds = after.when - before.when
    ours_pids = _tree(after.processes, root) | _tree(before.processes, root)
    if database:
        ours_pids |= {pid for pid, title in {**before.titles, **after.titles}.items()
                      if f" {database} " in title}
    ours = 0
    rest: dict[str, int] = {}
    for pid, (command, _, own, children) in after.processes.items():
        start = before.processes.get(pid)  # (an exec keeps the pid and changes the command)
        own_delta = max(0, own - start[2]) if start else own
        if pid in ours_pids:
            # Our children that ran and were waited for within the window (wrk) count as ours.
            ours += own_delta + (max(0, children - start[3]) if start else children)
        elif own_delta > 0:
            # Others: own time only (a shell's children's time arrives in one lump when it waits).
            rest[command] = rest.get(command, 0) + own_delta
    machine = (after.machine_busy - before.machine_busy) / CLK_TCK / seconds
    ours_cores = ours / CLK_TCK / seconds
    top = sorted(rest.items(), key=lambda item: -item[1])[:4]
    return {
        "seconds": seconds,
        "machine_cores": machine,
        "ours_cores": ours_cores,
        "others_cores": max(0.0, machine - ours_cores),
        "top_others": [(command, ticks / CLK_TCK / seconds) for command, ticks in top
                       if ticks / CLK_TCK / seconds >= 0.05],
    }


def describe(usage: dict | None) -> str:
    if not usage:
        return "—"
    text = f"{usage['others_cores']:.2f} 核"
    if usage["top_others"]:
        text += "（" + "、".join(f"{c} {v:.2f}" for c, v in usage["top_others"][:3]) + "）"
    return text
