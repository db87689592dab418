"""The README's recipe for archives larger than one machine: the same function over a Dask bag
on a ``distributed.LocalCluster`` gives the same records, in the same order, as one process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smtpstatus.batch import BounceRecord, read_bounces
from tests.helpers import DATA

pytestmark = [pytest.mark.main_venv_only, pytest.mark.slow]  # the dask group is the main venv's


def records_of_path(path: str) -> list[BounceRecord]:
    """The function each worker runs: every record of one file (a message or an mbox)."""
    return list(read_bounces(path, jobs=1))


def test_a_dask_bag_on_a_local_cluster_gives_the_single_process_records() -> None:
    import importlib

    db: Any = importlib.import_module("dask.bag")  # untyped libraries: checked by their projects
    distributed: Any = importlib.import_module("distributed")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    paths = sorted(str(path) for path in (DATA / "bounces" / "emails").glob("*.eml"))
    expected = list(read_bounces(*paths))
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster):
        bag = db.from_sequence(paths, npartitions=8).map(records_of_path).flatten()
        records: list[BounceRecord] = list(bag.compute())
    assert records == expected
    assert len(records) > len(paths) and all(Path(record.source).exists() for record in records)
