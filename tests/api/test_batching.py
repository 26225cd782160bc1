"""The turn batcher: jobs of one loop turn run together, each result goes to its own caller."""

import asyncio

import pytest

from api.batching import TurnBatcher


def test_jobs_of_one_turn_run_in_one_callback_and_keep_their_results():
    async def main():
        batcher, events = TurnBatcher(), []

        def job(i):
            events.append(i)
            return i * i

        futures = [batcher.run(lambda i=i: job(i)) for i in range(5)]
        asyncio.get_running_loop().call_soon(events.append, "other callback")
        return await asyncio.gather(*futures), events

    results, events = asyncio.run(main())
    assert results == [0, 1, 4, 9, 16]
    assert events == [0, 1, 2, 3, 4, "other callback"]


def test_a_full_batch_lets_the_loop_take_a_turn_before_the_rest():
    async def main():
        batcher, events = TurnBatcher(max_batch=2), []
        futures = [batcher.run(lambda i=i: events.append(i)) for i in range(5)]
        asyncio.get_running_loop().call_soon(events.append, "other callback")
        await asyncio.gather(*futures)
        return events

    assert asyncio.run(main()) == [0, 1, "other callback", 2, 3, 4]


def test_an_exception_reaches_only_its_own_caller():
    async def main():
        batcher = TurnBatcher()

        def boom():
            raise ValueError("bad text")

        return await asyncio.gather(batcher.run(lambda: 1), batcher.run(boom), batcher.run(lambda: 3),
                                    return_exceptions=True)

    first, second, third = asyncio.run(main())
    assert (first, third) == (1, 3)
    assert isinstance(second, ValueError) and str(second) == "bad text"


def test_a_cancelled_request_is_not_scored():
    async def main():
        batcher, ran = TurnBatcher(), []
        cancelled = batcher.run(lambda: ran.append("cancelled"))
        kept = batcher.run(lambda: ran.append("kept"))
        cancelled.cancel()
        await kept
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        return ran

    assert asyncio.run(main()) == ["kept"]


def test_a_loop_that_stopped_before_its_batch_ran_does_not_stall_the_next_one():
    batcher = TurnBatcher()

    first = asyncio.new_event_loop()

    def leave_a_job_behind():
        batcher.run(lambda: "never run")
        first.stop()  # ends the loop after this callback, before the drain it scheduled

    first.call_soon(leave_a_job_behind)
    first.run_forever()
    first.close()

    async def next_request():
        return await asyncio.wait_for(batcher.run(lambda: "answered"), timeout=5)

    assert asyncio.run(next_request()) == "answered"


def test_two_loops_in_two_threads_each_get_their_own_results():
    import threading

    batcher, results, errors = TurnBatcher(max_batch=3), {}, []

    async def many(tag):
        return await asyncio.wait_for(asyncio.gather(*(batcher.run(lambda i=i: (tag, i)) for i in range(50))), 10)

    def worker(tag):
        try:
            results[tag] = asyncio.run(many(tag))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(tag,)) for tag in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == {tag: [(tag, i) for i in range(50)] for tag in "ab"}
