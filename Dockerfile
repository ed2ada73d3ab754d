# syntax=docker/dockerfile:1
#
# The AWS Batch worker image: `hybridbatch` published Native AOT, run as a non-root user.
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

# Native AOT links with clang and needs zlib's headers; binutils gives objdump to the glibc check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang zlib1g-dev binutils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Restore first, from the project files alone, so a source change does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/HybridBatch.Core/HybridBatch.Core.csproj src/HybridBatch.Core/
COPY src/HybridBatch.Adapters/HybridBatch.Adapters.csproj src/HybridBatch.Adapters/
COPY src/HybridBatch.Functions/HybridBatch.Functions.csproj src/HybridBatch.Functions/
COPY src/HybridBatch.Cli/HybridBatch.Cli.csproj src/HybridBatch.Cli/
RUN dotnet restore src/HybridBatch.Cli -r linux-x64 -p:PublishAot=true

COPY . .

# The runtime stage's glibc (Ubuntu 24.04): the publish fails if the binary or librdkafka needs anything newer.
ARG MAX_GLIBC=2.39
RUN MAX_GLIBC=${MAX_GLIBC} scripts/publish-aot.sh src/HybridBatch.Cli /out

# ---- runtime: glibc 2.39, CA certificates, no SDK -------------------------------------------------------------
FROM ${RUNTIME_IMAGE}

# Confluent.Kafka looks for librdkafka next to the executable. Of the three builds librdkafka.redist ships, only
# centos8-librdkafka.so loads here: the default build needs libsasl2.so.3 (Ubuntu has .so.2), the third is for musl.
COPY --from=build --chmod=0755 /out/hybridbatch /out/centos8-librdkafka.so /opt/hybridbatch/

ENV PATH="/opt/hybridbatch:${PATH}"

# Scratch space for staged (gzip) chunks and temporary files; /tmp is writable by every user.
WORKDIR /tmp

# The non-root user the .NET images define (app, uid 1654); numeric so Batch/ECS can tell it is not root.
USER 1654:1654

# SIGTERM (spot reclaim, job timeout, TerminateJob) makes the worker stop cleanly and exit 75; the container has
# ECS's stop timeout (30 s by default) before SIGKILL.
ENTRYPOINT ["hybridbatch"]
CMD ["help"]
