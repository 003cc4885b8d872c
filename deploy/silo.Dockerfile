# syntax=docker/dockerfile:1
# The Flux silo image (deploy/README.md). Build from the repository root:
#   docker build -f deploy/silo.Dockerfile -t flux-silo .

# Publishes as scripts/publish does: Release, linux-x64, ReadyToRun (src/Publish.props).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# The package cache outlives the layer, so a code change does not download every package again.
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish src/Flux.Silo/Flux.Silo.csproj -c Release -r linux-x64 -o /out -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for the health check: the runtime image has no HTTP client, and curl's -f turns the 503 of /readyz
# into a failure without a script of our own.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out ./
# Flux listens on PORT (docs/api.md §14.1); the base image's ASPNETCORE_HTTP_PORTS=8080 would only earn a
# warning that Flux's own listener overrides it.
ENV PORT=3000 \
    ASPNETCORE_HTTP_PORTS=
# HTTP (health), silo-to-silo, and the port gateways connect to; Kubernetes and compose set FLUX_SILO_PORT and
# FLUX_SILO_GATEWAY_PORT to these two, since the default (0) takes free ports no one could declare.
EXPOSE 3000 11111 30000
USER $APP_UID
# Ready means joined to the cluster with NATS and PostgreSQL reachable (docs/api.md §6.11).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/readyz" || exit 1
ENTRYPOINT ["dotnet", "Flux.Silo.dll"]
