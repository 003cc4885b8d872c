#!/usr/bin/env bash
# flux — command-line client for a Flux server, as described in the API contract (§14.3).
#
#   flux publish <stream> <source> <entity_id> '<properties json>'
#   flux batch '<{"events":[...]} json>' | flux batch @file.json
#   flux get <entity_id>
#   flux list [--prefix P | --namespace N | P]
#   flux delete <entity_id> | flux delete --prefix P | flux delete --namespace N
#   flux batch-delete '<{"prefix"|"namespace"|"entity_ids": ...} json>'
#   flux admin-config ['<json>']
#   flux health
#
# Environment: FLUX_URL (default http://localhost:3000), FLUX_TOKEN (sent as a bearer token on
# every call), FLUX_ADMIN_TOKEN (sent only by `admin-config <json>`).
# Prints the response body; exits 1 on an HTTP error status, 2 when the server cannot be reached.
set -euo pipefail

FLUX_URL="${FLUX_URL:-http://localhost:3000}"
FLUX_URL="${FLUX_URL%/}"

usage() {
  sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

# request METHOD PATH [BODY] [TOKEN]: every call carries Content-Type: application/json.
request() {
  local method=$1 path=$2 body=${3-} token=${4-${FLUX_TOKEN-}}
  local args=(-sS -X "$method" -H 'Content-Type: application/json' -w $'\n%{http_code}')
  if [ -n "$token" ]; then args+=(-H "Authorization: Bearer $token"); fi
  if [ -n "$body" ]; then args+=(--data-binary "$body"); fi
  local response
  if ! response=$(curl "${args[@]}" "$FLUX_URL$path"); then
    echo "flux: cannot reach $FLUX_URL" >&2
    exit 2
  fi
  local status=${response##*$'\n'}
  printf '%s\n' "${response%$'\n'*}"
  if [ "$status" -ge 400 ]; then
    echo "flux: HTTP $status" >&2
    exit 1
  fi
}

json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# Entity ids go into one path segment: the CLI encodes the namespace separator only.
encode_id() { printf '%s' "${1//\//%2F}"; }

command=${1-}
[ -n "$command" ] || usage
shift

case "$command" in
  publish)
    [ $# -eq 4 ] || usage
    body="{\"stream\":$(json_string "$1"),\"source\":$(json_string "$2"),\"timestamp\":$(date +%s)000,\"payload\":{\"entity_id\":$(json_string "$3"),\"properties\":$4}}"
    request POST /api/events "$body"
    ;;
  batch)
    [ $# -eq 1 ] || usage
    body=$1
    if [ "${body:0:1}" = "@" ]; then body=$(cat "${body:1}"); fi
    request POST /api/events/batch "$body"
    ;;
  get)
    [ $# -eq 1 ] || usage
    request GET "/api/state/entities/$(encode_id "$1")"
    ;;
  list)
    case "${1-}" in
      "") request GET /api/state/entities ;;
      --prefix) request GET "/api/state/entities?prefix=${2:?--prefix needs a value}" ;;
      --namespace) request GET "/api/state/entities?namespace=${2:?--namespace needs a value}" ;;
      *) request GET "/api/state/entities?prefix=$1" ;;
    esac
    ;;
  delete)
    case "${1-}" in
      "") usage ;;
      --prefix) request POST /api/state/entities/delete "{\"prefix\":$(json_string "${2:?--prefix needs a value}")}" ;;
      --namespace) request POST /api/state/entities/delete "{\"namespace\":$(json_string "${2:?--namespace needs a value}")}" ;;
      *) request DELETE "/api/state/entities/$(encode_id "$1")" ;;
    esac
    ;;
  batch-delete)
    [ $# -eq 1 ] || usage
    request POST /api/state/entities/delete "$1"
    ;;
  admin-config)
    if [ $# -eq 0 ]; then
      request GET /api/admin/config
    else
      request PUT /api/admin/config "$1" "${FLUX_ADMIN_TOKEN-}"
    fi
    ;;
  health)
    entities=$(request GET /api/state/entities)
    count=$(printf '%s' "$entities" | grep -o '"lastUpdated"' | wc -l)
    echo "ok: $count entities at $FLUX_URL"
    ;;
  *)
    usage
    ;;
esac
