import pytest

from training.agreement import agreement


def _rows(labels):
    return {str(i): {"id": str(i), "kind": "quote", "stance": s, "bloc": "other", "sentiment": "neutral",
                     "speaker": "Bw Kim"} for i, s in enumerate(labels)}


def test_kappa_against_hand_computation():
    a = _rows(["supportive", "supportive", "critical", "critical"])
    b = _rows(["supportive", "critical", "critical", "critical"])
    r = agreement(a, b)
    # p_o = 3/4; p_e = (2/4*1/4) + (2/4*3/4) = 1/2; kappa = (0.75-0.5)/(1-0.5) = 0.5
    assert r["stance"]["agreement"] == 0.75
    assert r["stance"]["kappa"] == pytest.approx(0.5)
    assert r["bloc"] == {"n": 4, "agreement": 1.0, "kappa": 1.0}
    assert r["speaker"]["agreement"] == 1.0


def test_only_shared_ids_are_compared():
    a = _rows(["supportive", "critical"])
    b = {"1": _rows(["x", "critical"])["1"]}
    assert agreement(a, b)["stance"]["n"] == 1
