#!/usr/bin/env bash
# Verifies one Paste webhook notification on the receiving side, with nothing but bash, base64 and openssl (3.0 or later, for pkeyutl -rawin).
#
# usage: verify-webhook.sh PUBLIC_KEY_BASE64 BODY_FILE X_WEBHOOK_SIGNATURE WEBHOOK_ID WEBHOOK_TIMESTAMP WEBHOOK_SIGNATURE
#
#   PUBLIC_KEY_BASE64    the "public" member of GET /webhook_key (fetch it once, keep it in your configuration)
#   BODY_FILE            the request body exactly as received: the signatures cover these bytes, not a re-encoding
#   X_WEBHOOK_SIGNATURE  the X-Webhook-Signature header
#   WEBHOOK_ID           the webhook-id header
#   WEBHOOK_TIMESTAMP    the webhook-timestamp header
#   WEBHOOK_SIGNATURE    the webhook-signature header ("v1a,<base64>")
#
# Exit status: 0 when both signatures verify, 1 when either does not (or an input is malformed), 2 on wrong usage.
#
# Both signature forms are checked, so that a receiver can trust whichever it reads:
#   - X-Webhook-Signature: 64-byte Ed25519 signature over SHA-256(body), followed by that 32-byte digest (libsodium's
#     "signed message" of the digest).
#   - Standard Webhooks: an Ed25519 signature over "{webhook-id}.{webhook-timestamp}.{body}".
# A verified notification can still be a replay: also refuse old webhook-timestamps and ids or nonces already seen.
set -euo pipefail

usage() {
    sed -n 's/^# \{0,1\}//; 4,13p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

fail() {
    echo "NOT VERIFIED: $*" >&2
    exit 1
}

[[ $# -eq 6 ]] || usage
pub=$1 body=$2 xsig=$3 id=$4 ts=$5 stdsig=$6
[[ -r $body ]] || fail "cannot read body file '$body'"
command -v openssl >/dev/null || fail "openssl is not installed"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# openssl takes keys as PEM or DER, not as the raw 32 bytes that /webhook_key publishes. An Ed25519
# SubjectPublicKeyInfo is a fixed 12-byte DER prefix (SEQUENCE, algorithm OID 1.3.101.112, BIT STRING) + the raw key.
{ printf '\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00'; printf %s "$pub" | base64 -d; } > "$work/pub.der" 2>/dev/null \
    || fail "the public key is not base64"
[[ $(wc -c < "$work/pub.der") -eq 44 ]] || fail "the public key is not 32 bytes"
openssl pkey -pubin -inform DER -in "$work/pub.der" -out "$work/pub.pem" 2>/dev/null || fail "the public key is not an Ed25519 key"

# Form 1, X-Webhook-Signature: the digest it carries must be the digest of the body we got, and the signature must
# cover that digest. Ed25519 signs whole messages (no pre-hashing), so -rawin hands openssl the 32 digest bytes as is.
printf %s "$xsig" | base64 -d > "$work/signed.bin" 2>/dev/null || fail "X-Webhook-Signature is not base64"
[[ $(wc -c < "$work/signed.bin") -eq 96 ]] || fail "X-Webhook-Signature is not 96 bytes"
head -c 64 "$work/signed.bin" > "$work/sig.bin"
tail -c 32 "$work/signed.bin" > "$work/claimed.bin"
openssl dgst -sha256 -binary "$body" > "$work/digest.bin"
cmp -s "$work/digest.bin" "$work/claimed.bin" || fail "the body's SHA-256 is not the digest in X-Webhook-Signature"
openssl pkeyutl -verify -pubin -inkey "$work/pub.pem" -rawin -in "$work/digest.bin" -sigfile "$work/sig.bin" >/dev/null 2>&1 \
    || fail "X-Webhook-Signature does not verify"

# Form 2, Standard Webhooks: the signed content binds the body to this event id and this attempt's timestamp.
# The body is appended from the file with cat, since a shell variable would lose a trailing newline or NUL bytes.
{ printf '%s.%s.' "$id" "$ts"; cat "$body"; } > "$work/content.bin"
[[ $stdsig == v1a,* ]] || fail "webhook-signature is not of the form v1a,<base64>"
printf %s "${stdsig#v1a,}" | base64 -d > "$work/std.bin" 2>/dev/null || fail "webhook-signature is not base64"
openssl pkeyutl -verify -pubin -inkey "$work/pub.pem" -rawin -in "$work/content.bin" -sigfile "$work/std.bin" >/dev/null 2>&1 \
    || fail "webhook-signature does not verify"

echo "verified"
