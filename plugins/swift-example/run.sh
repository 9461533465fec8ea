#!/bin/sh
# Starts the Swift example plugin: $TOOLWRIGHT_SWIFT_EXAMPLE if set, else the newest build in
# the repository's .build (release, then debug), else builds it once (release) and runs that.
# exec keeps the plugin as this process, so the host's signals and stdin EOF reach it directly.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -n "${TOOLWRIGHT_SWIFT_EXAMPLE:-}" ]; then exec "$TOOLWRIGHT_SWIFT_EXAMPLE" "$@"; fi
for config in release debug; do
    binary="$root/.build/$config/toolwright-swift-example"
    if [ -x "$binary" ]; then exec "$binary" "$@"; fi
done
# stdout is the protocol wire: the build's output goes to stderr.
swift build -c release --package-path "$root" --product toolwright-swift-example 1>&2 || exit 1
exec "$root/.build/release/toolwright-swift-example" "$@"
