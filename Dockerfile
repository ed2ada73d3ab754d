# syntax=docker/dockerfile:1
#
# The AWS Batch worker image: `hybridbatch` published self-contained with ReadyToRun code and the JIT (not Native AOT:
# Parquet.Net reads columns through MakeGenericMethod, which Native AOT cannot run; README, "Where Parquet runs"),
# run as a non-root user. The Lambda's `bootstrap` stays Native AOT (scripts/publish-aot.sh, the Makefile).
# The job definitions run `hybridbatch validate ...` and `hybridbatch process ...` (the ENTRYPOINT is the binary).
#
#   docker build -t hybridbatch-worker .
#
# .NET 10 ships its SDK and runtime-deps images on Ubuntu 24.04 "Noble" (there are no Debian images for .NET 10):
# both stages use Noble, whose glibc is 2.39. The build stage checks that nothing it publishes needs a newer glibc
# than the runtime stage has (MAX_GLIBC below); change both together.

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble

# ---- build: the publish script the tests run on this same context (test/HybridBatch.Cli.Tests/Docker) ----------
FROM ${SDK_IMAGE} AS build

# binutils gives objdump to the glibc check. (No clang: nothing is linked natively in a JIT publish.)
RUN apt-get update \
    && apt-get install -y --no-install-recommends binutils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Restore first, from the project files alone, so a source change does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/HybridBatch.Core/HybridBatch.Core.csproj src/HybridBatch.Core/
COPY src/HybridBatch.Adapters/HybridBatch.Adapters.csproj src/HybridBatch.Adapters/
# The Cli references the functions library (`hybridbatch invoke` runs a handler in process), the generator (`generate`,
# `demo`), the mock Kafka cluster (local runs to Kafka) and the bench engine.
COPY src/HybridBatch.Functions/HybridBatch.Functions.csproj src/HybridBatch.Functions/
COPY src/HybridBatch.Generation/HybridBatch.Generation.csproj src/HybridBatch.Generation/
COPY src/HybridBatch.MockKafka/HybridBatch.MockKafka.csproj src/HybridBatch.MockKafka/
COPY src/HybridBatch.Bench/HybridBatch.Bench.csproj src/HybridBatch.Bench/
COPY src/HybridBatch.Cli/HybridBatch.Cli.csproj src/HybridBatch.Cli/
# The same runtime and properties as scripts/publish-worker.sh, so the publish restores nothing more (runtime and
# ReadyToRun compiler packs included).
RUN dotnet restore src/HybridBatch.Cli -r linux-x64 -p:SelfContained=true -p:PublishReadyToRun=true

COPY . .

# The runtime stage's glibc (Ubuntu 24.04): the publish fails if the runtime or librdkafka needs anything newer.
ARG MAX_GLIBC=2.39
RUN MAX_GLIBC=${MAX_GLIBC} scripts/publish-worker.sh src/HybridBatch.Cli /out

# ---- runtime: glibc 2.39, CA certificates, no SDK -------------------------------------------------------------
FROM ${RUNTIME_IMAGE}

# The whole publish folder: the runtime, the assemblies and, next to the executable where Confluent.Kafka looks, the one
# librdkafka build that loads here (centos8-librdkafka.so; scripts/publish-worker.sh leaves out the two that cannot).
COPY --from=build /out/ /opt/hybridbatch/

ENV PATH="/opt/hybridbatch:${PATH}"

# Scratch space for staged (gzip) chunks and temporary files; /tmp is writable by every user.
WORKDIR /tmp

# The non-root user the .NET images define (app, uid 1654); numeric so Batch/ECS can tell it is not root.
USER 1654:1654

# SIGTERM (spot reclaim, job timeout, TerminateJob) makes the worker stop cleanly and exit 75; the container has
# ECS's stop timeout (30 s by default) before SIGKILL.
ENTRYPOINT ["hybridbatch"]
CMD ["help"]
