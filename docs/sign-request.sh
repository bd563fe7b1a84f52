#!/usr/bin/env bash
# Sends one signed request to Paste (draft-cavage-http-signatures-12) with nothing but curl and openssl.
#
#   sign-request.sh KEY_ID SECRET_OR_KEY_FILE METHOD URL [BODY_FILE]
#
# SECRET_OR_KEY_FILE is either the shared secret printed by `clients add NAME` (signed with hmac-sha256), or the path
# of the Ed25519 private key in PEM form whose public half was registered with `clients add NAME --public-key ...`.
# The signature covers (request-target), host and date, and digest when a body is sent; the server refuses anything less.
set -euo pipefail

if [ $# -lt 4 ]; then
    echo "usage: $0 KEY_ID SECRET_OR_KEY_FILE METHOD URL [BODY_FILE]" >&2
    exit 2
fi
key_id=$1 credential=$2 method=$3 url=$4 body=${5:-}

host=$(printf '%s' "$url" | sed -E 's#^[a-z]+://([^/]+).*#\1#')
target=$(printf '%s' "$url" | sed -E 's#^[a-z]+://[^/]+##')
target=${target:-/}
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
lower_method=$(printf '%s' "$method" | tr '[:upper:]' '[:lower:]')

headers="(request-target) host date"
signing_string="(request-target): $lower_method $target
host: $host
date: $date"
body_args=()
if [ -n "$body" ]; then
    digest="SHA-256=$(openssl dgst -sha256 -binary "$body" | openssl base64 -A)"
    headers="$headers digest"
    signing_string="$signing_string
digest: $digest"
    body_args=(-H "Digest: $digest" -H "Content-Type: application/octet-stream" --data-binary "@$body")
fi

if [ -f "$credential" ]; then
    algorithm=ed25519
    # Ed25519 signs the whole message in one pass, so openssl wants it in a file rather than a pipe.
    message=$(mktemp)
    trap 'rm -f "$message"' EXIT
    printf '%s' "$signing_string" > "$message"
    signature=$(openssl pkeyutl -sign -inkey "$credential" -rawin -in "$message" | openssl base64 -A)
else
    algorithm=hmac-sha256
    signature=$(printf '%s' "$signing_string" | openssl dgst -sha256 -hmac "$credential" -binary | openssl base64 -A)
fi

curl -sS -X "$method" \
    -H "Date: $date" \
    -H "Authorization: Signature keyId=\"$key_id\",algorithm=\"$algorithm\",headers=\"$headers\",signature=\"$signature\"" \
    "${body_args[@]}" "$url"
