#!/usr/bin/python3
"""Tests the Airflow DAG without Airflow (which cannot be installed here): loads the DAG file
against a minimal stand-in of the Airflow names it uses, checks the task order and the cron
schedule, renders every task's command with Jinja as Airflow renders a BashOperator's
bash_command, and runs the rendered commands on a tiny config: the stages in order, then a task
killed mid-run and its retry, as the scheduler would do it.

Needs Debian's python3-jinja2 and python3-croniter; runs submit.sh, so the jar must be built
(`mvn -B verify` runs this from AirflowDagSubmitIT after `package`). Usage:
    /usr/bin/python3 jobs/airflow/test_robustness_atlas.py OUT_ROOT
Exit 0 when every check passes; the outputs stay under OUT_ROOT for the caller to inspect.
"""
import importlib.util
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import types
from datetime import datetime
from pathlib import Path

import jinja2
from croniter import croniter

HERE = Path(__file__).resolve().parent
HOME = HERE.parents[1]
LOGICAL_DATE = datetime(2026, 11, 29, 3, 0)
RUN_ID = "scheduled__2026-11-29T03:00:00+00:00"


# --- the stand-in: the few Airflow 2.x names the DAG file uses, with Airflow's parameter names --
class Param:
    def __init__(self, default=None, description=None, **schema):
        self.value = default
        self.schema = schema


class DAG:
    current = None

    def __init__(self, dag_id, *, description=None, schedule=None, start_date=None, catchup=True,
                 max_active_runs=16, default_args=None, params=None, user_defined_filters=None,
                 tags=None):
        self.dag_id = dag_id
        self.schedule = schedule
        self.start_date = start_date
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.default_args = default_args or {}
        self.params = params or {}
        self.user_defined_filters = user_defined_filters or {}
        self.tasks = []

    def __enter__(self):
        DAG.current = self
        return self

    def __exit__(self, *exc):
        DAG.current = None

    def template_env(self):
        """As Airflow's DAG.get_template_env: StrictUndefined, the do extension, the DAG's filters."""
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.do"],
                                 cache_size=0)
        env.filters.update(self.user_defined_filters)
        return env


class BashOperator:
    def __init__(self, task_id, bash_command, **kwargs):
        self.task_id = task_id
        self.bash_command = bash_command
        self.upstream = []
        self.dag = DAG.current
        self.dag.tasks.append(self)

    def __rshift__(self, other):
        other.upstream.append(self)
        return other


def install_standin():
    modules = {name: types.ModuleType(name) for name in
               ["airflow", "airflow.models", "airflow.models.param", "airflow.operators",
                "airflow.operators.bash"]}
    modules["airflow"].DAG = DAG
    modules["airflow.models.param"].Param = Param
    modules["airflow.operators.bash"].BashOperator = BashOperator
    sys.modules.update(modules)


def load_dag_module():
    install_standin()
    spec = importlib.util.spec_from_file_location("robustness_atlas", HERE / "robustness_atlas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- checks ----------------------------------------------------------------------------------
def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message)


def submit_default_stages():
    """The stage list submit.sh runs by default, from its --help."""
    text = subprocess.run([str(HOME / "submit.sh"), "--help"], capture_output=True, text=True,
                          check=True).stdout
    line = next(l for l in text.splitlines() if l.startswith("Stages (default: all, in order):"))
    return tuple(line.rsplit(":", 1)[1].split())


def check_structure(module):
    dag = module.dag
    check([t.task_id for t in dag.tasks] == list(submit_default_stages()),
          f"one task per stage of submit.sh's default list: {[t.task_id for t in dag.tasks]}")
    for previous, task in zip(dag.tasks, dag.tasks[1:]):
        check(task.upstream == [previous], f"{task.task_id} runs after {previous.task_id} only")
    check(dag.tasks[0].upstream == [], "the first stage has no upstream task")
    check(dag.max_active_runs == 1, "max_active_runs = 1")
    check(dag.catchup is False, "no catch-up of missed runs")
    check(dag.default_args.get("retries", 0) >= 1, "retries are on")
    check(croniter.is_valid(dag.schedule), f"schedule {dag.schedule!r} is a cron expression")
    after = datetime(2026, 11, 23, 12, 0)  # a Monday
    fires = croniter(dag.schedule, after)
    check([fires.get_next(datetime) for _ in range(2)]
          == [datetime(2026, 11, 29, 3, 0), datetime(2026, 12, 6, 3, 0)],
          "fires Sundays at 03:00")
    check({name: p.value for name, p in dag.params.items()}["conf"] == "conf/default.conf",
          "default config conf/default.conf")


def render(dag, task, params):
    """A task's bash_command rendered as Airflow renders it for one DAG run."""
    context = {"params": params, "ds": LOGICAL_DATE.strftime("%Y-%m-%d"), "run_id": RUN_ID,
               "dag": dag, "task": task, "logical_date": LOGICAL_DATE}
    return dag.template_env().from_string(task.bash_command).render(**context)


def check_quoting(dag):
    hostile = {name: p.value for name, p in dag.params.items()}
    hostile["out_root"] = "/tmp/x y/$(touch pwned)"
    words = shlex.split(render(dag, dag.tasks[0], hostile).split("&&", 1)[1])
    out = words[words.index("--out") + 1]
    check(out == "/tmp/x y/$(touch pwned)/2026-11-29", f"params are shell-quoted: --out {out!r}")


def run(command, log):
    """As BashOperator runs a command: bash -c, in a session of its own."""
    with open(log, "w") as handle:
        return subprocess.Popen(["bash", "-c", command], stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)


def run_to_end(command, log):
    code = run(command, log).wait()
    tail = "" if code == 0 else "\n" + "\n".join(Path(log).read_text().splitlines()[-20:])
    check(code == 0, f"exit {code}: {command} (log {log}, its last lines below){tail}")


def write_tiny_config(folder):
    conf = folder / "tiny.conf"
    conf.write_text(f"""include file("{HOME / 'conf' / 'default.conf'}")
data {{ train-limit = 1000, test-limit = 300 }}
grid {{ optimizer = [adam], learning-rate = [0.01], seed = [0, 1, 2], epochs = [1] }}
train {{ min-accuracy = 0 }}
robustness {{ copies = 100, correct-per-class = 2, wrong-per-class = 2 }}
ensemble {{ in-default-run = true, copies = [2], learn-images = 200, trees = 10 }}
meta {{ arch = [mlp], embed = 16, epochs = 2, baselines = [msp], trainer = local }}
explain {{ in-default-run = true, copies = 5 }}
""")
    return conf


def check_runs(dag, out_root):
    params = {name: p.value for name, p in dag.params.items()}
    params.update(conf=str(write_tiny_config(out_root)), out_root=str(out_root / "runs"),
                  master="local[2]")
    out = out_root / "runs" / "2026-11-29"
    first = dag.tasks[0]
    # The first task is killed mid-run (the scheduler's timeout, a lost worker) and retried.
    killed = run(render(dag, first, params), out_root / f"{first.task_id}-killed.log")
    deadline = time.time() + 600
    while not (out / "_atlas.lock").exists():
        check(killed.poll() is None, "the killed attempt was still running when it took the lock")
        check(time.time() < deadline, "the first task took its lock within 10 minutes")
        time.sleep(0.2)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    check((out / "_atlas.lock").exists(), "the killed attempt left its lock behind")
    for task in dag.tasks:
        run_to_end(render(dag, task, params), out_root / f"{task.task_id}.log")
    manifest = json.loads((out / "manifest.json").read_text())
    for task in dag.tasks:
        check(manifest["stages"][task.task_id]["status"] == "done",
              f"{task.task_id} is done in {out}")
    check(not (out / "_atlas.lock").exists(), "no lock is left at the end")
    run_to_end(render(dag, first, params), out_root / f"{first.task_id}-rerun.log")
    rerun = (out_root / f"{first.task_id}-rerun.log").read_text()
    check("0 trained now" in rerun, "a retry of a finished task resumes: nothing trained again")


def main():
    out_root = Path(sys.argv[1]).resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    module = load_dag_module()
    check_structure(module)
    check_quoting(module.dag)
    check_runs(module.dag, out_root)
    print("all DAG checks passed")


if __name__ == "__main__":
    main()
