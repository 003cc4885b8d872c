#!/usr/bin/env bash
# flux.sh: command-line client for a Flux world-state server, written for agents.
# Standard output carries JSON only (one document, or one per line for `watch`); messages go
# to standard error. The commands and their output are described in ../SKILL.md.
# Needs bash 3.2+ and curl; `watch` also needs python3 (standard library only).

set -o pipefail

usage() {
  cat <<'USAGE'
usage: flux.sh COMMAND [ARGS]

  health                                   server reachable? {"status":"ok","url":…,"entities":N}
  list [PREFIX] [--prefix P] [--namespace N]
                                           entities sorted by id, optionally filtered
  get ID                                   one entity
  history ID [--limit N] [--since RFC3339] stored events of one entity, newest first
  publish STREAM SOURCE ID PROPS [--event-id E] [--timestamp MS]
                                           publish one event; PROPS is a JSON object
  batch EVENTS                             publish many events: a JSON array or {"events":[…]}
  delete ID | --prefix P | --namespace N   delete one entity, or every entity matching
  batch-delete FILTER                      {"entity_ids":[…]} | {"prefix":…} | {"namespace":…}
  watch [ID|'*'] [--count N] [--timeout S] live WebSocket messages, one JSON object per line
  connectors                               connector status
  admin-config [CONFIG]                    read runtime limits, or change them (FLUX_ADMIN_TOKEN)
  help                                     this text

JSON arguments (PROPS, EVENTS, FILTER, CONFIG) may also be @FILE or - (standard input).

environment:
  FLUX_URL          server address (default http://localhost:3000)
  FLUX_TOKEN        namespace token, sent as "Authorization: Bearer" on every call
  FLUX_ADMIN_TOKEN  admin token, sent by admin-config updates, and by delete and
                    batch-delete when FLUX_TOKEN is unset

exit status: 0 success, 1 the server answered an error (its {"error":…} goes to stderr),
2 server unreachable or connection lost, 64 usage error, 69 curl or python3 missing
USAGE
}

usage_error() {
  echo "flux: $*" >&2
  usage >&2
  exit 64
}

base_url=${FLUX_URL:-http://localhost:3000}
base_url=${base_url%/}

# percent_encode TEXT: every byte outside A-Z a-z 0-9 - . _ ~ as %XX, so an id or query value
# (spaces, ?, #, /, +, %, any UTF-8) travels as one path segment or one query value.
percent_encode() {
  local LC_ALL=C text=$1 out='' c i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

# json_string TEXT: TEXT as a JSON string literal (quotes, backslashes and control characters escaped).
json_string() {
  local s=$1 c i
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  for ((i = 1; i < 32; i++)); do
    printf -v c "\\$(printf '%03o' "$i")"
    case $s in
      *"$c"*) s=${s//"$c"/$(printf '\\u%04x' "$i")} ;;
    esac
  done
  printf '"%s"' "$s"
}

# read_json ARG: sets JSON to ARG, or to the content of FILE for @FILE, or to standard input for -.
read_json() {
  case $1 in
    -) JSON=$(cat) ;;
    @*)
      [ -r "${1#@}" ] || usage_error "cannot read ${1#@}"
      JSON=$(cat -- "${1#@}")
      ;;
    *) JSON=$1 ;;
  esac
}

# first_char TEXT: the first character that is not white space.
first_char() {
  local trimmed=${1#"${1%%[![:space:]]*}"}
  printf '%s' "${trimmed:0:1}"
}

# last_char TEXT: the last character that is not white space.
last_char() {
  local trimmed=${1%"${1##*[![:space:]]}"}
  printf '%s' "${trimmed:${#trimmed}-1}"
}

# parse_options "NAMES" ARGS...: --name VALUE and --name=VALUE set OPT_name (dashes become
# underscores) and add the name to GIVEN; every other argument lands in ARGS; `--` ends the
# options. The caller declares its OPT_ variables local and empty.
parse_options() {
  local allowed=" $1 " name value
  shift
  ARGS=()
  GIVEN=' '
  while [ $# -gt 0 ]; do
    case $1 in
      --) shift; ARGS+=("$@"); break ;;
      --*=*) name=${1%%=*}; name=${name#--}; value=${1#*=} ;;
      --?*)
        name=${1#--}
        case $allowed in *" $name "*) ;; *) usage_error "unknown option --$name" ;; esac
        [ $# -ge 2 ] || usage_error "--$name needs a value"
        value=$2
        shift
        ;;
      *) ARGS+=("$1"); shift; continue ;;
    esac
    case $allowed in *" $name "*) ;; *) usage_error "unknown option --$name" ;; esac
    GIVEN+="$name "
    name=${name//-/_}
    printf -v "OPT_$name" '%s' "$value"
    shift
  done
}

# given NAME: whether --NAME was on the command line (even with an empty value).
given() {
  case $GIVEN in *" $1 "*) return 0 ;; esac
  return 1
}

require_curl() {
  command -v curl >/dev/null 2>&1 || { echo "flux: curl is required but was not found" >&2; exit 69; }
}

# request METHOD PATH TOKEN [BODY]: prints a 2xx body on stdout; otherwise exits 1 with the
# server's answer on stderr, or 2 when the server cannot be reached. The token travels through
# a file descriptor so that it never shows in the process list.
request() {
  local method=$1 path=$2 token=$3 response status rc
  local args=(--silent --show-error --connect-timeout 10 --request "$method"
    --header 'Accept: application/json' --write-out '\n%{http_code}')
  [ -n "$token" ] && args+=(--header @/dev/fd/3)
  require_curl
  if [ $# -ge 4 ]; then
    args+=(--header 'Content-Type: application/json' --data-binary @-)
    response=$(printf '%s' "$4" | curl "${args[@]}" "$base_url$path" 3<<<"Authorization: Bearer $token")
  else
    response=$(curl "${args[@]}" "$base_url$path" 3<<<"Authorization: Bearer $token")
  fi
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "flux: cannot reach $base_url (curl exit $rc)" >&2
    exit 2
  fi
  status=${response##*$'\n'}
  response=${response%$'\n'*}
  case $status in
    2??) [ -z "$response" ] || printf '%s\n' "$response" ;;
    *)
      echo "flux: HTTP $status from $method $path: ${response:-(empty body)}" >&2
      exit 1
      ;;
  esac
}

# The namespace token for every call; deletes fall back to the admin token.
delete_token=${FLUX_TOKEN:-${FLUX_ADMIN_TOKEN:-}}

require_id() {
  [ -n "$1" ] || usage_error "$2 needs a non-empty entity id"
}

cmd_health() {
  [ $# -eq 0 ] || usage_error "health takes no arguments"
  local entities count
  entities=$(request GET /api/state/entities "${FLUX_TOKEN:-}") || exit $?
  # Count the objects directly inside the top-level array: drop escapes, then strings, then
  # everything but brackets, and count the openings at depth 2.
  count=$(printf '%s' "$entities" | awk 'BEGIN { RS = "\001" } {
    gsub(/\\./, ""); gsub(/"[^"]*"/, ""); gsub(/[^][{}]/, "")
    for (i = 1; i <= length($0); i++) {
      c = substr($0, i, 1)
      if (c == "{" || c == "[") { if (++depth == 2) n++ } else depth--
    }
  } END { print n + 0 }')
  printf '{"status":"ok","url":%s,"entities":%s}\n' "$(json_string "$base_url")" "$count"
}

cmd_list() {
  local OPT_prefix='' OPT_namespace='' query=''
  parse_options "prefix namespace" "$@"
  [ ${#ARGS[@]} -le 1 ] || usage_error "list takes at most one positional prefix"
  [ ${#ARGS[@]} -eq 0 ] || { ! given prefix || usage_error "give the prefix once"; OPT_prefix=${ARGS[0]}; }
  [ -z "$OPT_prefix" ] || query+="&prefix=$(percent_encode "$OPT_prefix")"
  [ -z "$OPT_namespace" ] || query+="&namespace=$(percent_encode "$OPT_namespace")"
  [ -z "$query" ] || query="?${query#&}"
  request GET "/api/state/entities$query" "${FLUX_TOKEN:-}"
}

cmd_get() {
  parse_options "" "$@"
  [ ${#ARGS[@]} -eq 1 ] || usage_error "get takes one entity id"
  require_id "${ARGS[0]}" get
  request GET "/api/state/entities/$(percent_encode "${ARGS[0]}")" "${FLUX_TOKEN:-}"
}

cmd_history() {
  local OPT_limit='' OPT_since='' query
  parse_options "limit since" "$@"
  [ ${#ARGS[@]} -eq 1 ] || usage_error "history takes one entity id"
  require_id "${ARGS[0]}" history
  query="entity=$(percent_encode "${ARGS[0]}")"
  ! given limit || query+="&limit=$(percent_encode "$OPT_limit")"
  ! given since || query+="&since=$(percent_encode "$OPT_since")"
  request GET "/api/events?$query" "${FLUX_TOKEN:-}"
}

cmd_publish() {
  local OPT_event_id='' OPT_timestamp='' JSON body
  parse_options "event-id timestamp" "$@"
  [ ${#ARGS[@]} -eq 4 ] || usage_error "publish takes STREAM SOURCE ID PROPS"
  require_id "${ARGS[2]}" publish
  read_json "${ARGS[3]}"
  case "$(first_char "$JSON")" in
    '{') ;;
    *) usage_error "PROPS must be a JSON object such as '{\"status\":\"online\"}'" ;;
  esac
  [ "$(last_char "$JSON")" = '}' ] || usage_error "PROPS must be one JSON object"
  body='{'
  [ -z "$OPT_event_id" ] || body+="\"eventId\":$(json_string "$OPT_event_id"),"
  body+="\"stream\":$(json_string "${ARGS[0]}"),\"source\":$(json_string "${ARGS[1]}"),"
  if given timestamp; then
    case $OPT_timestamp in
      '' | *[!0-9]*) usage_error "--timestamp takes epoch milliseconds, e.g. $(date +%s)000" ;;
    esac
    body+="\"timestamp\":$OPT_timestamp,"
  fi
  body+="\"payload\":{\"entity_id\":$(json_string "${ARGS[2]}"),\"properties\":$JSON}}"
  request POST /api/events "${FLUX_TOKEN:-}" "$body"
}

cmd_batch() {
  local JSON answer
  [ $# -eq 1 ] || usage_error "batch takes one JSON argument, @FILE or -"
  read_json "$1"
  case "$(first_char "$JSON")" in
    '[') JSON="{\"events\":$JSON}" ;;
    '{') ;;
    *) usage_error "batch needs a JSON array of events or {\"events\":[...]}" ;;
  esac
  answer=$(request POST /api/events/batch "${FLUX_TOKEN:-}" "$JSON") || exit $?
  report_failures "$answer" events
}

# report_failures OUTPUT WHAT: prints a batch answer and warns on stderr when items failed (the
# answer is still a 2xx, so the exit status stays 0). The top-level "failed" is the only such key.
report_failures() {
  [ -z "$1" ] || printf '%s\n' "$1"
  case $1 in
    *'"failed":'[1-9]*) echo "flux: some $2 failed; the answer lists why" >&2 ;;
  esac
}

cmd_delete() {
  local OPT_prefix='' OPT_namespace=''
  parse_options "prefix namespace" "$@"
  if given prefix || given namespace; then
    [ ${#ARGS[@]} -eq 0 ] || usage_error "delete takes an id or one of --prefix / --namespace"
    ! given prefix || ! given namespace || usage_error "give --prefix or --namespace, not both"
    if given prefix; then
      # An empty prefix would match every entity of the shared world.
      [ -n "$OPT_prefix" ] || usage_error "--prefix needs a non-empty value (batch-delete '{\"prefix\":\"\"}' deletes everything)"
      delete_matching "{\"prefix\":$(json_string "$OPT_prefix")}"
    else
      [ -n "$OPT_namespace" ] || usage_error "--namespace needs a non-empty value"
      delete_matching "{\"namespace\":$(json_string "$OPT_namespace")}"
    fi
    return
  fi
  [ ${#ARGS[@]} -eq 1 ] || usage_error "delete takes one entity id"
  require_id "${ARGS[0]}" delete
  request DELETE "/api/state/entities/$(percent_encode "${ARGS[0]}")" "$delete_token"
}

cmd_batch_delete() {
  local JSON
  [ $# -eq 1 ] || usage_error "batch-delete takes one JSON filter, @FILE or -"
  read_json "$1"
  [ "$(first_char "$JSON")" = '{' ] || usage_error "batch-delete needs a JSON object such as '{\"entity_ids\":[\"a\",\"b\"]}'"
  delete_matching "$JSON"
}

delete_matching() {
  local answer
  answer=$(request POST /api/state/entities/delete "$delete_token" "$1") || exit $?
  report_failures "$answer" deletions
}

cmd_connectors() {
  [ $# -eq 0 ] || usage_error "connectors takes no arguments"
  request GET /api/connectors "${FLUX_TOKEN:-}"
}

cmd_admin_config() {
  local JSON
  case $# in
    0) request GET /api/admin/config "${FLUX_TOKEN:-}" ;;
    1)
      read_json "$1"
      [ "$(first_char "$JSON")" = '{' ] || usage_error "admin-config needs a JSON object"
      request PUT /api/admin/config "${FLUX_ADMIN_TOKEN:-}" "$JSON"
      ;;
    *) usage_error "admin-config takes at most one JSON argument" ;;
  esac
}

cmd_watch() {
  local OPT_count='' OPT_timeout='' id=''
  parse_options "count timeout" "$@"
  [ ${#ARGS[@]} -le 1 ] || usage_error "watch takes at most one entity id"
  [ ${#ARGS[@]} -eq 0 ] || { id=${ARGS[0]}; require_id "$id" watch; }
  ! given count || case $OPT_count in '' | *[!0-9]* | 0) usage_error "--count takes a positive integer" ;; esac
  ! given timeout || case $OPT_timeout in '' | *[!0-9.]* | *.*.* | .) usage_error "--timeout takes seconds, e.g. 30 or 2.5" ;; esac
  command -v python3 >/dev/null 2>&1 || { echo "flux: watch needs python3 (for its WebSocket client); the other commands only need curl" >&2; exit 69; }
  FLUX_WATCH_URL=$base_url FLUX_WATCH_ID=$id FLUX_WATCH_SUBSCRIBE=${#ARGS[@]} \
    FLUX_WATCH_COUNT=${OPT_count:-0} FLUX_WATCH_TIMEOUT=${OPT_timeout:-0} FLUX_WATCH_TOKEN=${FLUX_TOKEN:-} \
    exec python3 - <<'PY'
# A minimal RFC 6455 client: handshake, masked client frames, text messages, ping/pong, close.
import base64, hashlib, json, os, socket, struct, sys, time
from urllib.parse import urlsplit

def fail(code, message):
    sys.stderr.write("flux: " + message + "\n")
    sys.exit(code)

url = os.environ["FLUX_WATCH_URL"]
entity = os.environ["FLUX_WATCH_ID"]
subscribe = os.environ["FLUX_WATCH_SUBSCRIBE"] == "1"
wanted = int(os.environ["FLUX_WATCH_COUNT"])
timeout = float(os.environ["FLUX_WATCH_TIMEOUT"])
token = os.environ["FLUX_WATCH_TOKEN"]
deadline = time.monotonic() + timeout if timeout > 0 else None

parts = urlsplit(url)
if parts.scheme not in ("http", "https") or not parts.hostname:
    fail(64, "FLUX_URL must be an http:// or https:// address, got " + url)
secure = parts.scheme == "https"
port = parts.port or (443 if secure else 80)
host_header = parts.netloc.rsplit("@", 1)[-1]
path = parts.path.rstrip("/") + "/api/ws"

def remaining():
    return None if deadline is None else max(deadline - time.monotonic(), 0.001)

class Deadline(Exception):
    pass

try:
    sock = socket.create_connection((parts.hostname, port), timeout=min(10, remaining() or 10))
    if secure:
        import ssl
        sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
except OSError as e:
    fail(2, "cannot reach %s (%s)" % (url, e))

buffer = b""

def receive(n):
    """Exactly n bytes; Deadline when --timeout passes, exit 2 when the connection drops."""
    global buffer
    while len(buffer) < n:
        if deadline is not None and time.monotonic() >= deadline:
            raise Deadline()
        sock.settimeout(remaining())
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            raise Deadline()
        except OSError as e:
            fail(2, "connection to %s lost (%s)" % (url, e))
        if not chunk:
            fail(2, "connection to %s closed without a close frame" % url)
        buffer += chunk
    data, buffer = buffer[:n], buffer[n:]
    return data

def send_frame(opcode, payload):
    mask = os.urandom(4)
    header = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        header += bytes([0x80 | n])
    elif n < 65536:
        header += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        header += bytes([0x80 | 127]) + struct.pack("!Q", n)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    try:
        sock.sendall(header + mask + masked)
    except OSError as e:
        fail(2, "connection to %s lost (%s)" % (url, e))

def close_and_exit(code):
    try:
        sock.settimeout(1)
        send_frame(0x8, struct.pack("!H", 1000))
        sock.close()
    except (OSError, SystemExit):
        pass
    sys.exit(code)

key = base64.b64encode(os.urandom(16)).decode()
request = ("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n" % (path, host_header, key))
if token:
    request += "Authorization: Bearer %s\r\n" % token
try:
    sock.sendall((request + "\r\n").encode("utf-8"))
    head = b""
    while b"\r\n\r\n" not in head:
        if len(head) > 65536:
            fail(2, "no valid WebSocket handshake from " + url)
        sock.settimeout(remaining() or 30)
        chunk = sock.recv(4096)
        if not chunk:
            fail(2, "connection to %s closed during the WebSocket handshake" % url)
        head += chunk
except socket.timeout:
    fail(2, "no WebSocket handshake answer from " + url)
except OSError as e:
    fail(2, "cannot reach %s (%s)" % (url, e))
head, buffer = head.split(b"\r\n\r\n", 1)
lines = head.decode("iso-8859-1").split("\r\n")
status = lines[0].split(" ", 2)
headers = {}
for line in lines[1:]:
    name, _, value = line.partition(":")
    headers[name.strip().lower()] = value.strip()
if len(status) < 2 or status[1] != "101":
    body = buffer
    length = int(headers.get("content-length", "0") or 0)
    try:
        while len(body) < length:
            sock.settimeout(5)
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    except OSError:
        pass
    code = status[1] if len(status) > 1 else "?"
    fail(1, "HTTP %s from GET %s: %s" % (code, path, body.decode("utf-8", "replace").strip() or "(empty body)"))
accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
if headers.get("sec-websocket-accept") != accept:
    fail(2, "the server at %s answered the WebSocket handshake wrongly" % url)

if subscribe:
    send_frame(0x1, json.dumps({"type": "subscribe", "entity_id": entity}).encode("utf-8"))
sys.stderr.write("flux: watching %s at %s\n" % (entity if subscribe else "everything", url))
sys.stderr.flush()

seen = 0
message, message_opcode = b"", None
out = sys.stdout.buffer
try:
    while True:
        first, second = receive(2)
        fin, opcode = first & 0x80, first & 0x0F
        n = second & 0x7F
        if n == 126:
            n = struct.unpack("!H", receive(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", receive(8))[0]
        mask = receive(4) if second & 0x80 else None
        payload = receive(n)
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if opcode == 0x9:
            send_frame(0xA, payload)
            continue
        if opcode == 0xA:
            continue
        if opcode == 0x8:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
            reason = payload[2:].decode("utf-8", "replace")
            try:
                send_frame(0x8, payload[:2])
            except SystemExit:
                pass
            fail(2, "the server closed the connection (%d%s)" % (code, ": " + reason if reason else ""))
        if opcode in (0x1, 0x2):
            message, message_opcode = payload, opcode
        elif opcode == 0x0:
            message += payload
        if not fin or message_opcode != 0x1:
            continue
        text = message.decode("utf-8", "replace")
        message, message_opcode = b"", None
        try:
            parsed = json.loads(text)
        except ValueError:
            sys.stderr.write("flux: skipped a message that is not JSON: %s\n" % text)
            continue
        # Outside strings a raw line break in JSON is white space: one message, one line.
        out.write(text.replace("\r", " ").replace("\n", " ").encode("utf-8") + b"\n")
        out.flush()
        if (wanted and isinstance(parsed, dict)
                and parsed.get("type") in ("state_update", "entity_deleted")
                and (not subscribe or entity == "*" or parsed.get("entity_id") == entity)):
            seen += 1
            if seen >= wanted:
                close_and_exit(0)
except Deadline:
    close_and_exit(0)
except BrokenPipeError:
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    close_and_exit(0)
except KeyboardInterrupt:
    close_and_exit(130)
PY
}

command=${1-}
[ $# -eq 0 ] || shift
case $command in
  health) cmd_health "$@" ;;
  list) cmd_list "$@" ;;
  get) cmd_get "$@" ;;
  history) cmd_history "$@" ;;
  publish) cmd_publish "$@" ;;
  batch) cmd_batch "$@" ;;
  delete) cmd_delete "$@" ;;
  batch-delete) cmd_batch_delete "$@" ;;
  watch) cmd_watch "$@" ;;
  connectors) cmd_connectors "$@" ;;
  admin-config) cmd_admin_config "$@" ;;
  help | -h | --help) usage ;;
  '') usage_error "no command given" ;;
  *) usage_error "unknown command '$command'" ;;
esac
