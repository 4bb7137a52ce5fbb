import pytest

from gdgrade.reference import DEFAULT, LABELS, LOSSES, Convention


def test_default_is_the_designs_convention():
    assert (DEFAULT.loss, DEFAULT.labels, DEFAULT.bias, DEFAULT.training) == (
        "half_sse",
        "pm1",
        "w0",
        "batch",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("loss", "l2"),
        ("labels", "yes/no"),
        ("bias", "b"),
        ("training", "online"),
        ("batch_size", 0),
    ],
)
def test_bad_values_are_refused_with_the_argument_named(field, value):
    with pytest.raises(ValueError, match=rf"'{field}' must be .*\(got {value!r}\)"):
        Convention(**{field: value})


def test_loss_factors():
    assert LOSSES["half_sse"].factor(10) == 0.5
    assert LOSSES["sse"].factor(10) == 1.0
    assert LOSSES["mse"].factor(10) == 0.1
    assert LOSSES["half_mse"].factor(10) == 0.05


def test_label_thresholds():
    assert LABELS["pm1"].threshold == 0.0 and LABELS["pm1"].negative == -1.0
    assert LABELS["01"].threshold == 0.5 and LABELS["01"].negative == 0.0
    assert not LABELS["real"].is_classification


def test_convention_is_frozen_and_copies_validate():
    with pytest.raises(AttributeError):
        DEFAULT.loss = "mse"
    assert DEFAULT.with_(loss="mse").loss == "mse"
    with pytest.raises(ValueError, match="'loss'"):
        DEFAULT.with_(loss="nope")
    assert "half the sum of squared errors" in DEFAULT.describe()
