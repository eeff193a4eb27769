#!/bin/bash
# Container health check of a Tributary application: GET /actuator/health on $SERVER_PORT (or the port given
# as $1) must answer 200 with status UP. Uses curl when the image has it, bash's /dev/tcp otherwise.
port="${SERVER_PORT:-$1}"
url="http://127.0.0.1:${port}/actuator/health"
if command -v curl >/dev/null 2>&1; then
  body="$(curl -fsS -m 4 "$url")" || exit 1
else
  exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
  printf 'GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
  response="$(timeout 4 cat <&3)" || exit 1
  case "${response%%$'\r'*}" in "HTTP/1."?" 200"*) ;; *) exit 1 ;; esac
  body="${response#*$'\r\n\r\n'}"
fi
case "$body" in *'"status":"UP"'*|*'"status" : "UP"'*) exit 0 ;; *) exit 1 ;; esac
