"""scripts/bench --mix: who the simulated people are, and what it refuses to start with.

The mix itself is not run here (it measures speed on the national demo: scripts/bench);
these hold that a run is reproducible and that a wrong option is named before any work.
"""

from __future__ import annotations

import pytest

from benchmarks import bench
from benchmarks.mix import ACTIONS, choose_people
from benchmarks.national_demo import EMAIL_DOMAIN


def test_the_same_seed_brings_the_same_people_and_another_seed_others() -> None:
    first = choose_people(40, seed=7)
    assert choose_people(40, seed=7) == first
    assert choose_people(40, seed=8) != first
    assert len(first) == len(set(first)) == 40


def test_every_role_is_among_the_people_even_a_few() -> None:
    for count in (1, 4, 5, 40, 400):
        people = choose_people(count, seed=2026)
        assert {role for role, _ in people} == set(ACTIONS), count
        assert len(people) == max(count, len(ACTIONS))
        for role, email in people:
            assert email.startswith(role)
            assert email.endswith(f"@{EMAIL_DOMAIN}")


@pytest.mark.parametrize(
    "argv",
    [
        ["--mix", "--people", "0"],
        ["--mix", "--people", "-3"],
        ["--mix", "--people", "many"],
        ["--mix", "--duration", "0"],
        ["--mix", "--duration", "nan"],
        ["--mix", "--feeds", "-1"],
        ["--mix", "--poll-seconds", "0"],
    ],
)
def test_a_mix_with_a_wrong_option_is_refused_naming_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        bench.main(argv)
    assert stopped.value.code == 2
    assert f"argument {argv[1]}" in capsys.readouterr().err
