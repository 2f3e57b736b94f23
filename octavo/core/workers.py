"""Where a build's costly jobs run: in this process, in local worker processes, or on a Dask cluster."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from octavo.errors import BookError

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Outcome(Protocol[T_co]):
    """A job's outcome: its result when asked for (waiting for it), or the job's exception raised here."""

    def result(self) -> T_co:
        """The result, once the job is done."""
        ...


class Workers:
    """Jobs run here, when asked for: one core, or nothing worth another process."""

    parallel = False

    def submit(self, job: Callable[..., T], *args: Any) -> Outcome[T]:
        """Run the job now, in this process."""
        outcome: Future[T] = Future()
        try:
            outcome.set_result(job(*args))
        except Exception as exc:  # noqa: BLE001 - given back exactly as a worker process would give it
            outcome.set_exception(exc)
        return outcome

    def close(self) -> None:
        """Nothing to stop."""


class LocalWorkers(Workers):
    """Worker processes forked from this one, so they start with the book's code and patches already loaded."""

    parallel = True

    def __init__(self, count: int) -> None:
        # Forking a process that runs other threads (`serve`'s web server) can copy a lock some thread holds;
        # then the workers come from a fork server instead, a clean single-threaded process.
        method = "fork" if threading.active_count() == 1 else "forkserver"
        self.pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context(method))

    def submit(self, job: Callable[..., T], *args: Any) -> Outcome[T]:
        """Start the job in a worker process."""
        return self.pool.submit(_in_worker, job, *args)

    def close(self) -> None:
        """Stop the workers; jobs not yet started are dropped."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def _in_worker(job: Callable[..., T], *args: Any) -> T:
    """Run a job in one of this build's worker processes, then freeze what it left for the garbage collector.

    The process ends with the build, so the cyclic garbage a layout leaves need never be collected. Left to the
    collector, it was collected while the result was pickled to be sent back: about 190,000 objects and 0.33 s
    after the 30-chapter trade edition, on the build's longest path. Frozen, they stay until the process ends.
    """
    result = job(*args)
    gc.freeze()
    return result


class ClusterWorkers(Workers):
    """The workers of a Dask distributed cluster, which must see the book folder at the same path."""

    parallel = True

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise BookError("--scheduler needs Dask's `distributed` package",
                            "install it: pip install 'octavo[cluster]'") from None
        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BookError(f"no Dask scheduler answers at {address}: {exc}",
                            "start one (dask scheduler) or check --scheduler") from None

    def submit(self, job: Callable[..., T], *args: Any) -> Outcome[T]:
        """Send the job to the cluster."""
        outcome: Outcome[T] = self.client.submit(job, *args, pure=False)
        return outcome

    def close(self) -> None:
        """Leave the cluster (it keeps running for other builds)."""
        self.client.close()


def workers_for(jobs: int, scheduler: str = "") -> Workers:
    """Workers for `jobs` costly jobs: the cluster at `scheduler` if given, else local processes if it is worth it."""
    if scheduler:
        return ClusterWorkers(scheduler)
    count = min(jobs, os.cpu_count() or 1)
    return LocalWorkers(count) if count > 1 else Workers()
