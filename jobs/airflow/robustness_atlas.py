"""Robustness Atlas as a scheduled Airflow DAG: one task per pipeline stage, in order.

Each task is a thin call of ``submit.sh``, the entry point users run by hand, with the stage, the
config, the output folder and the Spark master taken from the DAG's params (defaults:
``conf/default.conf``, ``<out_root>/<logical date>``, ``local[*]``). Retries are safe: a stage
rerun into the same folder resumes, and every task of one DAG run passes the same lock token, so a
retry takes over the lock its killed attempt left (see README, "Scheduled runs with Airflow").

Everything Airflow-facing is in ``build_dag``; ``stage_command`` is plain Python and Jinja, tested
without Airflow by ``test_robustness_atlas.py``.
"""
import shlex
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.models.param import Param
from airflow.operators.bash import BashOperator

DAG_ID = "robustness_atlas"
# The checkout that holds submit.sh: this file lives in <checkout>/jobs/airflow/.
ATLAS_HOME = str(Path(__file__).resolve().parents[2])
# submit.sh's default stage list, in order (the test checks they agree); optional stages (ensemble,
# explain) run only when the config enables them (--if-enabled), as in a run without a stage list.
STAGES = ("train", "robustness", "ensemble", "meta", "explain", "report")
# Weekly, Sundays at 03:00 in the scheduler's time zone.
SCHEDULE = "0 3 * * 0"
PARAMS = {
    "atlas_home": ATLAS_HOME,
    "conf": "conf/default.conf",
    "out_root": "runs/scheduled",
    "master": "local[*]",
}


def stage_command(stage):
    """The templated bash command of one stage; every value is shell-quoted by the `sh` filter."""
    return (
        "cd {{ params.atlas_home | sh }} && ./submit.sh " + stage + " --if-enabled"
        + " --conf {{ params.conf | sh }}"
        + " --out {{ (params.out_root ~ '/' ~ ds) | sh }}"
        + " --master {{ params.master | sh }}"
        + " --lock-token {{ ('airflow-' ~ dag.dag_id ~ '-' ~ run_id) | sh }}"
    )


def build_dag():
    with DAG(
        dag_id=DAG_ID,
        description="Train LeNet-5 grids and measure their confidence under noise",
        schedule=SCHEDULE,
        start_date=datetime(2026, 1, 4),
        catchup=False,
        max_active_runs=1,
        default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
        params={name: Param(value, type="string") for name, value in PARAMS.items()},
        user_defined_filters={"sh": shlex.quote},
        tags=["robustness-atlas", "spark"],
    ) as dag:
        previous = None
        for stage in STAGES:
            task = BashOperator(task_id=stage, bash_command=stage_command(stage))
            if previous is not None:
                previous >> task
            previous = task
    return dag


dag = build_dag()
