#!/usr/bin/env bash
# The steps of syncvet's GitHub Action (action.yml at the root of the
# repository), in a script of their own so that a test runs them as a
# workflow would (cmd/syncvet/ci_test.go). Run in the checkout to analyze,
# with Go on PATH. Environment:
#   SYNCVET_ACTION_PATH  the action's own checkout: the syncvet source that is built
#   SYNCVET_BASE         the commit to compare with: only findings on lines changed
#                        since it are reported (-new-from-rev); empty: every finding
#   SYNCVET_PACKAGES     the packages, separated by spaces (default ./...)
#   SYNCVET_SARIF        a file to write the findings to as SARIF; empty: none
# Exit status: syncvet's (0 clean, 3 findings, 1 or 2 errors): the step
# fails on findings.
set -euo pipefail

src=${SYNCVET_ACTION_PATH:?must name the checkout of the action}
bindir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/syncvet.XXXXXX")
(cd "$src" && go build -o "$bindir/syncvet" ./cmd/syncvet)

args=()
if [ -n "${SYNCVET_BASE:-}" ]; then
	args+=("-new-from-rev=$SYNCVET_BASE")
fi
read -r -a pkgs <<< "${SYNCVET_PACKAGES:-./...}"

status=0
if [ -n "${SYNCVET_SARIF:-}" ]; then
	"$bindir/syncvet" "${args[@]}" -format=sarif "${pkgs[@]}" > "$SYNCVET_SARIF" || status=$?
fi
# The findings as text in the log too (served from go vet's cache when
# the SARIF run analyzed the same packages).
"$bindir/syncvet" "${args[@]}" "${pkgs[@]}" || status=$?
exit "$status"
