# SPDX-License-Identifier: MIT
# perf-gate's GitHub Action image. Two stages on Debian 12: the build stage runs the same setup
# script and cmake build as CI; the runtime stage carries only the binary and its shared libraries.
# The RUN steps live in scripts/docker-build-steps.sh, which CI runs too (`check` mode). Published
# per v* tag by .github/workflows/release.yml as ghcr.io/isectech/perf-gate, which action.yml runs.
FROM debian:bookworm AS build
COPY . /src
RUN /src/scripts/docker-build-steps.sh build /src/build-docker

FROM debian:bookworm-slim
COPY scripts/setup.sh scripts/docker-build-steps.sh /opt/perf-gate/scripts/
RUN /opt/perf-gate/scripts/docker-build-steps.sh runtime
COPY --from=build /src/build-docker/src/perf-gate /usr/local/bin/perf-gate
# No USER: GitHub runs container actions as the image's default user and documents that it must
# be root, because the workspace and the file-command files may be root-owned (a job `container:`).
ENTRYPOINT ["/usr/local/bin/perf-gate", "gate"]
