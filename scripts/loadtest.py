"""Capacity under load (`make load`): Locust users (ops.loadtest) on the national dataset on PostgreSQL (a primary
and a streaming replica, DATABASE_READ_URL), through HAProxy, with 1 and then 2 replicas of the app.

For each number of replicas the users are ramped in steps (STEP_USERS more every STEP_SECONDS; each step measured
over its last MEASURE_SECONDS, after the new users have opened their sessions) until the 95th percentile of all
actions passes 2 s or any action fails. Capacity = the most users of a step that kept p95 ≤ 2 s with no error.
Then a soak: 80 % of the one-replica capacity for SOAK_SECONDS on one replica, with the replica's memory sampled
every 30 s (no error, memory growth under 10 %). `--quick` (part of `make bench`): one replica, 10 users, 60 s.
Writes build/load/results.json and results.md.

Locust patches the standard library for gevent when imported: it comes first, and the dataset is built by the CLI
in a subprocess.
"""

# ruff: noqa: E402, I001 - locust must patch the standard library (gevent) before anything else is imported
from __future__ import annotations

import locust  # noqa: F401 - imported first on purpose: it patches the standard library for gevent

import argparse
import datetime as dt
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import gevent
from locust.env import Environment
from locust.runners import Runner

from ops.loadtest import DashboardUser
from ops.pg_cluster import pg_cluster, wait_for_replay
from ops.replicas import served_replicas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "load"
P95_LIMIT_MS = 2000
STEP_USERS = 5
STEP_SECONDS = 60
MEASURE_SECONDS = 45
MAX_USERS = 200
SOAK_SECONDS = 600
SAMPLE_SECONDS = 30


def build_dataset(url: str) -> float:
    """`init` (master, official statistics) and the national synthetic dataset, seed 1; seconds taken."""
    started = time.perf_counter()
    for command in (["init"], ["generate-synthetic", "--scale", "national", "--seed", "1"]):
        subprocess.run(
            [sys.executable, "-m", "data_access", "--database-url", url, *command],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return round(time.perf_counter() - started, 1)


def rss_mb(pids: list[int]) -> float:
    """Resident memory now (VmRSS) of these processes, MB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _snapshot(env: Environment) -> dict:
    total = env.stats.total
    actions = {
        name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
        for (name, _method), entry in sorted(env.stats.entries.items())
    }
    errors = [f"{error.name}: {error.error}"[:300] for error in env.stats.errors.values()]
    return {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "actions": actions,
        "errors": errors,
    }


def _runner(env: Environment) -> Runner:
    """The runner create_local_runner() made (locust types an environment's runner as optional)."""
    if env.runner is None:
        raise RuntimeError("the environment has no runner: call create_local_runner() first")
    return env.runner


def measure(env: Environment, users: int, pids: list[int], seconds: int, measure_seconds: int) -> dict:
    """Run `users` users for `seconds`; the numbers are those of the last `measure_seconds`."""
    _runner(env).start(users, spawn_rate=max(users, 1))
    gevent.sleep(seconds - measure_seconds)
    env.stats.reset_all()
    cpu = _cpu_seconds()
    gevent.sleep(measure_seconds)
    result = _snapshot(env)
    result["users"] = users
    result["rss_mb"] = rss_mb(pids)
    result["load_average"] = round(os.getloadavg()[0], 2)
    result["load_generator_cpu"] = round((_cpu_seconds() - cpu) / measure_seconds, 2)
    return result


def ramp(url: str, pids: list[int], args: argparse.Namespace) -> dict:
    env = Environment(user_classes=[DashboardUser], host=url)
    env.create_local_runner()
    idle = rss_mb(pids)
    steps, capacity = [], 0
    users = args.step_users
    while users <= args.max_users:
        step = measure(env, users, pids, args.step_seconds, args.measure_seconds)
        step["rss_mb_per_session"] = round((step["rss_mb"] - idle) / users, 1)
        steps.append(step)
        print(
            f"  {users} users: p50 {step['p50_ms']} ms, p95 {step['p95_ms']} ms, {step['requests']} actions, "
            f"{step['failures']} failures, RSS {step['rss_mb']} MB",
            flush=True,
        )
        if step["p95_ms"] > P95_LIMIT_MS or step["failures"]:
            break
        capacity = users
        users += args.step_users
    _runner(env).quit()
    return {"capacity": capacity, "idle_rss_mb": idle, "steps": steps}


def soak(url: str, pids: list[int], users: int, seconds: int) -> dict:
    env = Environment(user_classes=[DashboardUser], host=url)
    env.create_local_runner()
    _runner(env).start(users, spawn_rate=users)
    gevent.sleep(min(60, seconds // 4))  # every user has opened its session: the memory of the steady state
    env.stats.reset_all()
    samples = [rss_mb(pids)]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        gevent.sleep(min(SAMPLE_SECONDS, max(end - time.monotonic(), 0)))
        samples.append(rss_mb(pids))
    result = _snapshot(env)
    _runner(env).quit()
    growth = (samples[-1] - samples[0]) / samples[0] if samples[0] else 0.0
    result["load_average"] = round(os.getloadavg()[0], 2)
    result |= {"users": users, "seconds": seconds, "rss_mb_samples": samples, "rss_growth": round(growth, 3)}
    result["passed"] = result["failures"] == 0 and growth < 0.10
    return result


def run(args: argparse.Namespace) -> dict:
    results: dict = {"date": dt.date.today().isoformat(), "machine": machine(), "quick": args.quick, "runs": {}}
    with pg_cluster(replica=True) as cluster:
        primary, replica = cluster.database("national")
        assert replica is not None  # pg_cluster(replica=True) starts one
        print("building the national dataset on PostgreSQL …", flush=True)
        results["dataset_s"] = build_dataset(primary)
        wait_for_replay(primary, replica, timeout=300)
        for count in args.replicas:
            logs = OUT / f"logs_{count}"
            with served_replicas(count, primary, read_url=replica, log_dir=logs) as deployment:
                pids = [server.process.pid for server in deployment.replicas]
                deployment.warm_up()
                print(f"{count} replica(s) behind HAProxy at {deployment.url}: ramp", flush=True)
                if args.quick:
                    env = Environment(user_classes=[DashboardUser], host=deployment.url)
                    env.create_local_runner()
                    step = measure(env, args.quick_users, pids, args.quick_seconds, args.quick_seconds - 15)
                    _runner(env).quit()
                    results["runs"][str(count)] = {"quick": step}
                    continue
                results["runs"][str(count)] = ramp(deployment.url, pids, args)
                if count == 1 and args.soak_seconds:
                    users = max(1, math.floor(0.8 * results["runs"]["1"]["capacity"]))
                    print(f"soak: {users} users for {args.soak_seconds} s on 1 replica", flush=True)
                    results["soak"] = soak(deployment.url, pids, users, args.soak_seconds)
    return results


def machine() -> str:
    import os
    import platform

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory // 1024 // 1024} GiB RAM, Python {platform.python_version()}"


def markdown(results: dict) -> str:
    lines = [
        f"Measured {results['date']} on {results['machine']}; national synthetic dataset on PostgreSQL (primary + "
        f"streaming replica), the app behind HAProxy, Locust users with 3–10 s think time; the load generator runs "
        f"on the same machine.",
        "",
    ]
    for count, run_result in results["runs"].items():
        if "quick" in run_result:
            step = run_result["quick"]
            lines += [
                f"**{count} replica, {step['users']} users (short run)**: p50 {step['p50_ms']} ms, p95 "
                f"{step['p95_ms']} ms, {step['requests']} actions, {step['failures']} failures, RSS {step['rss_mb']} "
                "MB.",
                "",
                *action_table(step),
                "",
            ]
            continue
        lines += [
            f"**{count} replica{'s' if count != '1' else ''}: capacity {run_result['capacity']} users** "
            f"(p95 ≤ 2 s, no error; idle RSS {run_result['idle_rss_mb']} MB).",
            "",
            "| users | actions | failures | p50 ms | p95 ms | RSS MB | MB per session | load generator CPU "
            "| machine load average |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for step in run_result["steps"]:
            lines.append(
                f"| {step['users']} | {step['requests']} | {step['failures']} | {step['p50_ms']} | {step['p95_ms']} | "
                f"{step['rss_mb']} | {step['rss_mb_per_session']} | {step['load_generator_cpu']:.0%} | "
                f"{step.get('load_average', '')} |"
            )
        last_ok = [s for s in run_result["steps"] if s["users"] == run_result["capacity"]]
        if last_ok:
            lines += ["", f"Per action at {run_result['capacity']} users:", "", *action_table(last_ok[0])]
        errors = sorted({e for s in run_result["steps"] for e in s["errors"]})
        if errors:
            lines += ["", "Errors: " + "; ".join(errors[:5])]
        lines.append("")
    if "soak" in results:
        s = results["soak"]
        lines += [
            f"**Soak**: {s['users']} users for {s['seconds'] // 60} min on 1 replica: {s['requests']} actions, "
            f"{s['failures']} failures, p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms; RSS {s['rss_mb_samples'][0]} → "
            f"{s['rss_mb_samples'][-1]} MB ({s['rss_growth']:+.1%}; target under +10 %) — "
            f"{'passed' if s['passed'] else '**failed**'} (machine load average at the end: {s.get('load_average')}).",
        ]
    return "\n".join(lines) + "\n"


def action_table(step: dict) -> list[str]:
    rows = ["| action | count | failures | p50 ms | p95 ms |", "|---|---|---|---|---|"]
    rows += [
        f"| {name} | {a['requests']} | {a['failures']} | {a['p50_ms']} | {a['p95_ms']} |"
        for name, a in step["actions"].items()
        if a["requests"]  # opening is timed when a user starts, before a step's window: not in the steady state
    ]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one replica, a short fixed load (make bench)")
    parser.add_argument("--replicas", default="1,2", help="numbers of replicas to ramp, e.g. 1,2")
    parser.add_argument("--step-users", type=int, default=STEP_USERS)
    parser.add_argument("--step-seconds", type=int, default=STEP_SECONDS)
    parser.add_argument("--measure-seconds", type=int, default=MEASURE_SECONDS)
    parser.add_argument("--max-users", type=int, default=MAX_USERS)
    parser.add_argument("--soak-seconds", type=int, default=SOAK_SECONDS)
    parser.add_argument("--quick-users", type=int, default=10)
    parser.add_argument("--quick-seconds", type=int, default=60)
    args = parser.parse_args()
    args.replicas = [1] if args.quick else [int(n) for n in args.replicas.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    results = run(args)
    name = "quick" if args.quick else "results"
    (OUT / f"{name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    (OUT / f"{name}.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
