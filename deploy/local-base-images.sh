#!/usr/bin/env bash
# Makes the two base images deploy/Dockerfile builds on, without any container registry: a Debian 12 root file
# system from Debian's mirror (debootstrap), and on it this machine's own .NET installation, as an SDK image and an
# ASP.NET Core runtime image laid out like the official ones (/usr/share/dotnet, the user "app" with UID and GID 1654,
# APP_UID). Run it as root, from anywhere; it prints the two images as build arguments for deploy/Dockerfile:
#   SDK_IMAGE=localhost/paste-dotnet-sdk:10.0.401
#   RUNTIME_IMAGE=localhost/paste-aspnet:10.0.12
# An image that already exists is kept, so a second run only prints. The tags are the SDK's and the runtime's versions:
# after the host's .NET is upgraded, the next run makes images of the new versions (remove the old ones yourself).
#
# Settings, all optional, as environment variables:
#   CONTAINER_ENGINE  podman (the default) or docker
#   DEBIAN_MIRROR     the mirror debootstrap fetches from (default http://deb.debian.org/debian)
#   DOTNET            the dotnet to copy (default: the one on PATH); the SDK is the one global.json selects
# Needs: debootstrap, tar, the .NET 10 SDK and the ASP.NET Core 10 runtime on this machine, and the container engine.
set -euo pipefail

repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
engine="${CONTAINER_ENGINE:-podman}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
dotnet="${DOTNET:-$(command -v dotnet || true)}"

fail() {
    echo "error: $*" >&2
    exit 1
}

[ -n "$dotnet" ] || fail "'dotnet' is not on PATH: the images are made from this machine's .NET installation"
command -v "$engine" >/dev/null 2>&1 || fail "'$engine' is not installed (apt-get install podman runc)"
dotnet_root="$(dirname "$(readlink -f "$(command -v "$dotnet")")")"

# The SDK this repository builds with, and the newest runtime of the same major.minor that has both shared frameworks.
sdk_version="$(cd "$repository_root" && "$dotnet" --version)" || fail "no .NET SDK matching global.json: $sdk_version"
channel="$(cut -d. -f1,2 <<<"$sdk_version")"
runtime_version="$("$dotnet" --list-runtimes \
    | awk -v channel="$channel." '$1 == "Microsoft.AspNetCore.App" && index($2, channel) == 1 { print $2 }' \
    | sort -V | tail -n 1)"
[ -n "$runtime_version" ] || fail "no Microsoft.AspNetCore.App $channel.* runtime in $dotnet_root"
[ -d "$dotnet_root/shared/Microsoft.NETCore.App/$runtime_version" ] \
    || fail "Microsoft.AspNetCore.App $runtime_version has no Microsoft.NETCore.App $runtime_version beside it in $dotnet_root"

base_image="localhost/paste-debian:bookworm"
sdk_image="localhost/paste-dotnet-sdk:$sdk_version"
runtime_image="localhost/paste-aspnet:$runtime_version"

# podman writes OCI images unless told otherwise, and the OCI format has no HEALTHCHECK; docker has only its own.
build_options=()
[ "$(basename "$engine")" = docker ] || build_options=(--format docker)

exists() {
    "$engine" image inspect "$1" >/dev/null 2>&1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Progress goes to stderr: stdout is only the two build arguments.
if ! exists "$base_image"; then
    [ "$(id -u)" -eq 0 ] || fail "debootstrap needs root to make $base_image"
    command -v debootstrap >/dev/null 2>&1 || fail "'debootstrap' is not installed (apt-get install debootstrap)"
    echo "Making $base_image with debootstrap from $mirror" >&2
    # The native libraries .NET needs (ICU for globalization, OpenSSL for TLS and cryptography, zlib) and the CA
    # certificates, as in the official images; minbase has no other package than what apt needs.
    debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g \
        bookworm "$work/rootfs" "$mirror" >&2
    # apt's downloaded packages are of no use in an image.
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" -c . | "$engine" import --change 'CMD ["/bin/bash"]' - "$base_image" >&2
    rm -rf "$work/rootfs"
fi

# What both images add to Debian, as the official images do: dotnet on PATH, and the unprivileged user "app".
common_steps="RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \\
    && groupadd --gid=1654 app \\
    && useradd --no-log-init --uid=1654 --gid=1654 --create-home app
ENV APP_UID=1654 \\
    DOTNET_RUNNING_IN_CONTAINER=true \\
    DOTNET_VERSION=$runtime_version \\
    ASPNET_VERSION=$runtime_version"

if ! exists "$runtime_image"; then
    echo "Making $runtime_image from $dotnet_root" >&2
    # Only the host and the two shared frameworks: no SDK, no other runtime.
    cat >"$work/runtime.Containerfile" <<EOF
FROM $base_image
COPY dotnet LICENSE.txt ThirdPartyNotices.txt /usr/share/dotnet/
COPY host/ /usr/share/dotnet/host/
COPY shared/Microsoft.NETCore.App/$runtime_version/ /usr/share/dotnet/shared/Microsoft.NETCore.App/$runtime_version/
COPY shared/Microsoft.AspNetCore.App/$runtime_version/ /usr/share/dotnet/shared/Microsoft.AspNetCore.App/$runtime_version/
$common_steps \\
    ASPNETCORE_HTTP_PORTS=8080
EOF
    "$engine" build "${build_options[@]}" -f "$work/runtime.Containerfile" -t "$runtime_image" "$dotnet_root" >&2
fi

if ! exists "$sdk_image"; then
    echo "Making $sdk_image from $dotnet_root" >&2
    cat >"$work/sdk.Containerfile" <<EOF
FROM $base_image
COPY . /usr/share/dotnet/
$common_steps \\
    DOTNET_SDK_VERSION=$sdk_version \\
    DOTNET_GENERATE_ASPNET_CERTIFICATE=false \\
    DOTNET_NOLOGO=true \\
    DOTNET_USE_POLLING_FILE_WATCHER=true \\
    NUGET_XMLDOC_MODE=skip
EOF
    "$engine" build "${build_options[@]}" -f "$work/sdk.Containerfile" -t "$sdk_image" "$dotnet_root" >&2
fi

echo "SDK_IMAGE=$sdk_image"
echo "RUNTIME_IMAGE=$runtime_image"
