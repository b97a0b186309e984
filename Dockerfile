# A supplysim image for CI systems: the command with the ECharts bundle
# pinned in reports/html/package-lock.json built in, so its HTML reports
# work offline. Build it from the repository's root:
#
#   docker build -t supplysim .
#   docker run --rm -v "$PWD:/work" supplysim supplysim check scenarios/one.toml --junit check.xml
#
# Stage 1 fetches the bundle with npm ci (reports/html/assets.sh), stage 2
# builds the command with it embedded, stage 3 is the command on a small
# Debian with a shell: CI systems (GitLab's image:, GitHub's container:)
# run their scripts in it, so it has no ENTRYPOINT.

FROM node:22-bookworm-slim AS assets
WORKDIR /src/reports/html
COPY reports/html/package.json reports/html/package-lock.json reports/html/assets.sh ./
COPY reports/html/assets/README.md assets/README.md
RUN sh assets.sh

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/reports/html/assets/ reports/html/assets/
# Fails the build when the bundle did not make it in: such an image would
# write reports that need the network.
RUN test -s reports/html/assets/echarts.min.js \
 && CGO_ENABLED=0 go build -trimpath -o /out/supplysim ./cmd/supplysim \
 && /out/supplysim version

FROM debian:bookworm-slim
COPY --from=build /out/supplysim /usr/local/bin/supplysim
WORKDIR /work
CMD ["supplysim", "help"]
