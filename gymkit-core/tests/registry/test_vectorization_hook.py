"""The ``gymkit_vectorization_modes`` hook: plugin-provided ``make_vec`` modes, through real
installed distributions (see ``conftest.py``), and the core's answer when ``"ray"`` is asked for
without gymkit-ray. None of this needs Ray: the tests check that Ray is never imported."""

from __future__ import annotations


def test_a_plugin_mode_is_built_by_its_factory_imported_only_on_use(plugin_site):
    result = plugin_site(
        """
        import numpy as np
        factory_before = "gymkit_vecmode_fixture.factory" in sys.modules
        env = gymkit.make_vec("CartPole-v1", 3, vectorization_mode="reversed",
                              vector_kwargs={"autoreset_mode": "same_step"})
        from gymkit_vecmode_fixture.factory import CALLS
        obs, _ = env.reset(seed=10)
        singles = [gymkit.make("CartPole-v1").reset(seed=s)[0].tolist() for s in (12, 11, 10)]
        result = {
            "factory_before": factory_before,
            "calls": [list(map(str, c)) for c in CALLS],
            "type": type(env).__name__,
            "spec": env.spec.id,
            "autoreset": env.metadata["autoreset_mode"].value,
            "equal": np.array_equal(obs, np.array(singles, dtype=obs.dtype)),
            "ray": "ray" in sys.modules,
        }
        env.close()
        """,
        "vecmode",
    )
    assert result["factory_before"] is False
    assert result["type"] == "ReversedSeeds"
    assert result["calls"][0][:3] == ["CartPole-v1", "3", "{'autoreset_mode': 'same_step'}"]
    assert result["spec"] == "CartPole-v1"
    assert result["autoreset"] == "same_step"
    assert result["equal"] is True
    assert result["ray"] is False
    # a plugin that only offers modes registers no env, and is not warned about for it
    assert not [w for w in result["warned"] if "'vecmode'" in w]


def test_a_bad_hook_answer_is_isolated_and_named(plugin_site):
    result = plugin_site(
        """
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            env = gymkit.make_vec("CartPole-v1", 2, vectorization_mode="reversed")
        env.close()
        result = {"later": [str(w.message) for w in caught]}
        """,
        "vecmode",
    )
    (message,) = [w for w in result["later"] if "badmode" in w]
    assert "gymkit_vectorization_modes hook returned ['broken']" in message
    assert "gymkit-vecmode-fixture" in message
    assert "'module:callable'" in message


def test_ray_without_the_plugin_names_the_extra_and_never_imports_ray(plugin_site):
    result = plugin_site(
        """
        error_ = attempt(lambda: gymkit.make_vec("CartPole-v1", 2, vectorization_mode="ray"))
        unknown = attempt(lambda: gymkit.make_vec("CartPole-v1", 2, vectorization_mode="rya"))
        for mode in ("native", "sync", "async"):
            gymkit.make_vec("CartPole-v1", 2, vectorization_mode=mode).close()
        result = {"error": error_, "unknown": unknown, "ray": "ray" in sys.modules}
        """,
        "vecmode",
    )
    assert result["error"]["error"] == "DependencyNotInstalled"
    assert "pip install 'gymkit[ray]'" in result["error"]["message"]
    assert "gymkit-ray" in result["error"]["message"]
    assert result["unknown"]["error"] == "ValueError"
    assert "'rya'" in result["unknown"]["message"]
    # the available modes are listed, the plugin's included
    assert "['native', 'sync', 'async', 'reversed']" in result["unknown"]["message"]
    assert result["ray"] is False


def test_import_gymkit_and_builtin_modes_import_no_plugin_factory(plugin_site):
    result = plugin_site(
        """
        env = gymkit.make_vec("CartPole-v1", 2)
        env.close()
        result = {
            "factory": "gymkit_vecmode_fixture.factory" in sys.modules,
            "ray": "ray" in sys.modules,
        }
        """,
        "vecmode",
    )
    assert result == {"factory": False, "ray": False, "warned": result["warned"]}


def test_a_non_string_mode_is_refused_clearly():
    import pytest

    import gymkit

    with pytest.raises(ValueError, match=r"vectorization_mode must be a str .* got 3"):
        gymkit.make_vec("CartPole-v1", 2, vectorization_mode=3)  # type: ignore[arg-type]
