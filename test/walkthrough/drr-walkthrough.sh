#!/usr/bin/env bash
# A walk-through of one Drug Rehabilitation Requirement through the public HTTP API, using only curl,
# `npm run token` and the shell (node stands in for jq, which is not always installed).
#
# It takes a DRR from case opening to completion: screening, assessment, consent, proposal, sentence (a
# community order with a 3-month non-resident DRR and monthly review hearings), referral, acceptance,
# sessions, a drug test, two reviews and the end of the treatment and testing period.
#
# Start the server first, with the development clock:
#   CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1 npm start
# then, from the repository:
#   test/walkthrough/drr-walkthrough.sh
#
# Environment: BASE_URL (default http://127.0.0.1:3000), CSTR_DATA_DIR (default .data: the server's, for
# its token issuer). Any unexpected HTTP status stops the walk-through with a non-zero exit.
set -euo pipefail

BASE_URL="${BASE_URL:-http://127.0.0.1:3000}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA_DIR="${CSTR_DATA_DIR:-.data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$PWD/$DATA_DIR" ;; esac
RUN="walkthrough-$(date +%s)-$$"
STEP=0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
BODY="$WORK/body.json"

COURT=B01LY00
PDU=N07LDN
PROVIDER=PROV-DRUGS

# --- helpers -------------------------------------------------------------------------------------------

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
say() { printf '\n%s== %s%s\n' "$BOLD" "$*" "$PLAIN"; }
note() { printf '   %s\n' "$*"; }

# Evaluates a JavaScript expression and prints it; `r` is the last response body, when there is one.
js() {
  node -e '
    const fs = require("fs");
    const text = fs.existsSync(process.argv[1]) ? fs.readFileSync(process.argv[1], "utf8") : "";
    const r = text ? JSON.parse(text) : null;
    const v = eval(process.argv[2]);
    process.stdout.write(typeof v === "string" ? v : JSON.stringify(v));
  ' "$BODY" "$1"
}

# Date arithmetic on YYYY-MM-DD (calendar months, clamped to the month's last day), in UTC.
add_days() { node -e 'const d=new Date(process.argv[1]+"T00:00:00Z");d.setUTCDate(d.getUTCDate()+Number(process.argv[2]));console.log(d.toISOString().slice(0,10))' "$1" "$2"; }
add_months() {
  node -e '
    const [y, m, d] = process.argv[1].split("-").map(Number);
    const n = Number(process.argv[2]);
    const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
    console.log(new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10));
  ' "$1" "$2"
}

token() {
  (cd "$REPO" && CSTR_DATA_DIR="$DATA_DIR" npm run --silent token -- --role "$1" --org "$2" --sub "$3" --ttl 2h)
}

# call <expected status> <METHOD> <path> <token|-> [json body]: prints the call, keeps the answer in $BODY.
call() {
  local expected="$1" method="$2" path="$3" bearer="$4" data="${5:-}"
  local args=(-sS -o "$BODY" -w '%{http_code}' -X "$method" "$BASE_URL$path")
  [ "$bearer" != "-" ] && args+=(-H "Authorization: Bearer $bearer")
  if [ "$method" = POST ]; then
    STEP=$((STEP + 1))
    args+=(-H 'Content-Type: application/json' -H "Idempotency-Key: $RUN-$STEP" --data "$data")
  fi
  local status
  status="$(curl "${args[@]}")" || { echo "   !! $method $path: curl failed" >&2; exit 1; }
  printf '   %s %s -> %s\n' "$method" "$path" "$status"
  if [ "$status" != "$expected" ]; then
    echo "   !! expected $expected; the answer was:" >&2
    cat "$BODY" >&2
    echo >&2
    exit 1
  fi
}

# The server's clock (it runs in real time, plus every advance).
clock_now() {
  local answer
  answer="$(curl -sfS "$BASE_URL/dev/clock")" || {
    echo "   !! no development clock at $BASE_URL: start the server with CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1" >&2
    exit 1
  }
  node -e 'process.stdout.write(JSON.parse(process.argv[1]).now)' "$answer"
}

# Moves the server's clock forward to an instant (no-op if it is already past it).
advance_to() {
  local now seconds
  now="$(clock_now)"
  seconds="$(node -e 'console.log(Math.ceil((Date.parse(process.argv[1]) - Date.parse(process.argv[2])) / 1000))' "$1" "$now")"
  if [ "$seconds" -gt 0 ]; then
    call 200 POST /dev/clock - "{\"advance\":\"PT${seconds}S\"}"
    note "clock now $(js 'r.now')"
  fi
}

# Reads the requirement until the JavaScript condition on `r` holds (the workflows answer a moment later).
requirement_when() {
  local condition="$1" deadline=$((SECONDS + 20))
  while :; do
    curl -sS -o "$BODY" -H "Authorization: Bearer $PROBATION" "$BASE_URL/v1/requirements/$REQ"
    [ "$(js "Boolean($condition)")" = true ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "   !! the requirement never reached: $condition" >&2
      cat "$BODY" >&2
      exit 1
    fi
    sleep 0.2
  done
}

at10() { echo "${1}T10:00:00.000Z"; }

session() {
  local start="$1" end
  call 201 POST "/v1/requirements/$REQ/appointments" "$PROVIDER_T" \
    "{\"start\":\"$start\",\"durationMinutes\":50,\"kind\":\"ONE_TO_ONE\",\"deliveryMode\":\"IN_PERSON\",\"enforceable\":true}"
  local appointment
  appointment="$(js 'r.id')"
  note "appointment $appointment at $start"
  end="$(node -e 'console.log(new Date(Date.parse(process.argv[1]) + 3600e3).toISOString())' "$start")"
  advance_to "$end"
  call 200 POST "/v1/requirements/$REQ/appointments/$appointment/outcome" "$PROVIDER_T" \
    '{"sessionHappened":true,"attended":"YES","notes":"Key-work session held."}'
  note "outcome recorded; requirement $(js 'r.status')"
}

drug_test() {
  local due="$1" collected test
  call 201 POST "/v1/requirements/$REQ/drug-tests" "$PROBATION" \
    "{\"dueAt\":\"$due\",\"directedBy\":\"RESPONSIBLE_OFFICER\"}"
  test="$(js 'r.id')"
  note "test $test due $due"
  collected="$(node -e 'console.log(new Date(Date.parse(process.argv[1]) + 600e3).toISOString())' "$due")"
  advance_to "$collected"
  call 200 POST "/v1/requirements/$REQ/drug-tests/$test/sample" "$PROVIDER_T" \
    '{"status":"COLLECTED","sampleType":"ORAL_FLUID","method":"POINT_OF_CARE_SCREEN"}'
  call 200 POST "/v1/requirements/$REQ/drug-tests/$test/result" "$PROVIDER_T" \
    '{"substances":[{"substance":"OPIATES","result":"NEGATIVE"},{"substance":"COCAINE","result":"NEGATIVE"}]}'
  note "result: $(js "r.drugTests.find((t) => t.id === '$test').outcome")"
}

# Holds the next scheduled review: provider's views and probation's report a week before, then the hearing.
review() {
  local n="$1" id date
  requirement_when "r.reviews.some((v) => v.status === 'SCHEDULED')"
  id="$(js "r.reviews.find((v) => v.status === 'SCHEDULED').id")"
  date="$(js "r.reviews.find((v) => v.status === 'SCHEDULED').date")"
  say "Review $n on $date ($(js "r.reviews.find((v) => v.status === 'SCHEDULED').mode"))"
  advance_to "$(at10 "$(add_days "$date" -7)")"
  call 200 POST "/v1/requirements/$REQ/reviews/$id/provider-views" "$PROVIDER_T" \
    '{"views":"Attending key work; tests negative."}'
  call 200 POST "/v1/requirements/$REQ/reviews/$id/report" "$PROBATION" \
    '{"progress":"SATISFACTORY","recommendation":"Continue the requirement."}'
  session "$(at10 "$(add_days "$date" -6)")"
  advance_to "$(at10 "$date")"
  call 200 POST "/v1/requirements/$REQ/reviews/$id/outcome" "$COURT_T" '{"outcome":"CONTINUE","attended":true}'
  note "review $n: $(js "r.reviews.find((v) => v.id === '$id').status")"
}

# --- the walk-through ------------------------------------------------------------------------------------

START=$SECONDS
say "Server $BASE_URL"
call 200 GET /health/ready -
NOW="$(clock_now)"
TODAY="$(node -e 'console.log(new Intl.DateTimeFormat("en-CA",{timeZone:"Europe/London"}).format(new Date(process.argv[1])))' "$NOW")"
note "server clock $NOW (today $TODAY)"

say "Tokens from the local issuer in $DATA_DIR"
pids=()
token court-assessor "$COURT" assessor-walkthrough >"$WORK/assessor" & pids+=($!)
token court "$COURT" clerk-walkthrough >"$WORK/court" & pids+=($!)
token provider "$PROVIDER" keyworker-walkthrough >"$WORK/provider" & pids+=($!)
token probation "$PDU" officer-walkthrough >"$WORK/probation" & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done
ASSESSOR="$(cat "$WORK/assessor")" COURT_T="$(cat "$WORK/court")"
PROVIDER_T="$(cat "$WORK/provider")" PROBATION="$(cat "$WORK/probation")"
note "court-assessor, court ($COURT); provider ($PROVIDER); probation ($PDU)"

say "Court assessor opens the case"
call 201 POST /v1/orders "$ASSESSOR" "$(
  cat <<JSON
{"person":{"givenName":"Sam","familyName":"Walker","dateOfBirth":"1988-03-14","homeLocalJusticeArea":"Lambeth"},
 "court":{"code":"$COURT","type":"MAGISTRATES"},"probationDeliveryUnit":"$PDU","hearingDate":"$TODAY","plea":"GUILTY",
 "offences":[{"description":"Theft from a shop","imprisonable":true}],
 "identification":{"source":"LIAISON_AND_DIVERSION","date":"$TODAY"},"proposedTypes":["DRR"]}
JSON
)"
ORDER="$(js 'r.orderId')"
note "order $ORDER: $(js 'r.status')"

say "Screening"
call 200 POST "/v1/orders/$ORDER/screening" "$ASSESSOR" '{"outcome":"PROCEED_TO_ASSESSMENT"}'

say "Assessment requested from $PROVIDER"
call 201 POST "/v1/orders/$ORDER/requirements" "$ASSESSOR" "{\"type\":\"DRR\",\"providerOrgId\":\"$PROVIDER\"}"
REQ="$(js 'r.requirementId')"
note "requirement $REQ"

say "Provider assesses: suitable, non-resident, 3 months"
call 200 POST "/v1/requirements/$REQ/assessment" "$PROVIDER_T" \
  '{"outcome":"SUITABLE","proposedMode":"NON_RESIDENT","proposedPeriodMonths":3,"treatmentDirector":"Dr A Director"}'

say "Consent"
call 200 POST "/v1/requirements/$REQ/consent" "$ASSESSOR" "{\"given\":true,\"date\":\"$TODAY\"}"

say "Proposal in the pre-sentence report"
call 200 POST "/v1/orders/$ORDER/proposal" "$ASSESSOR" '{"psrReference":"PSR-WALKTHROUGH-1"}'
note "order $(js 'r.status')"

PERIOD_END="$(add_days "$(add_months "$TODAY" 3)" -1)"
FIRST_REVIEW="$(add_months "$TODAY" 1)"
say "Court sentences: community order to $PERIOD_END, DRR non-resident, monthly review hearings from $FIRST_REVIEW"
call 200 POST "/v1/orders/$ORDER/sentence" "$COURT_T" "$(
  cat <<JSON
{"outcome":"CSTR_IMPOSED","orderType":"COMMUNITY_ORDER","sentenceDate":"$TODAY","endDate":"$PERIOD_END",
 "requirements":[{"requirementId":"$REQ","mode":"NON_RESIDENT","periods":[{"start":"$TODAY","end":"$PERIOD_END"}],
   "treatmentDirector":"Dr A Director","place":"Lambeth Drug Service","intervals":"weekly",
   "review":{"firstReviewDate":"$FIRST_REVIEW","intervalMonths":1,"mode":"HEARING","offenderMustAttend":true}}]}
JSON
)"
note "order $(js 'r.status'), ends $(js 'r.order.endDate')"
requirement_when "r.status === 'AWAITING_REFERRAL'"
note "requirement $(js 'r.status')"

say "Probation refers to $PROVIDER; the provider accepts"
call 200 POST "/v1/requirements/$REQ/referral" "$PROBATION" "{\"providerOrgId\":\"$PROVIDER\"}"
call 200 POST "/v1/requirements/$REQ/acceptance" "$PROVIDER_T" '{"accepted":true}'
note "requirement $(js 'r.status')"
call 200 POST "/v1/orders/$ORDER/induction" "$PROBATION" "{\"completedOn\":\"$TODAY\"}"
note "induction recorded"

say "First key-work session"
session "$(at10 "$(add_days "$TODAY" 2)")"

say "Drug test: directed, sample collected, result"
drug_test "$(at10 "$(add_days "$TODAY" 3)")"

review 1

say "Drug test before the second review"
drug_test "$(at10 "$(add_days "$FIRST_REVIEW" 3)")"

review 2

say "The treatment and testing period ends on $PERIOD_END"
advance_to "$(at10 "$(add_days "$PERIOD_END" 1)")"
requirement_when "r.status === 'COMPLETED'"
note "requirement $(js 'r.status'); reviews $(js "r.reviews.map((v) => v.date + ' ' + v.status).join(', ')")"
call 200 GET "/v1/orders/$ORDER" "$PROBATION"
note "order $(js 'r.status')"

say "Done in $((SECONDS - START)) s: order $ORDER, requirement $REQ COMPLETED"
