import { hmacSha256Hex, safeEqual } from '../../shared/hmac';

/**
 * Chatwoot's outgoing-webhook signature (`lib/webhooks/trigger.rb`, Chatwoot ≥ 4.12.0
 * for account webhooks, ≥ 4.13.0 for API-inbox callbacks and agent bots; the 4.11.2
 * release merge 79b18e700 does not sign):
 *
 *   X-Chatwoot-Timestamp: <unix seconds>
 *   X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body bytes>")>
 *
 * The HMAC covers the exact bytes Chatwoot sent: Ruby's `to_json` escapes `<`, `>`
 * and `&` as `\u003c`…, so re-serialising a parsed body would break the check.
 * This module imports nothing from n8n.
 */

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureFailureReason =
	| 'missing_signature'
	| 'missing_timestamp'
	| 'malformed_signature'
	| 'malformed_timestamp'
	| 'signature_mismatch'
	| 'stale_timestamp';

export type SignatureCheck =
	| { valid: true; timestamp: number }
	| { valid: false; reason: SignatureFailureReason };

export interface SignatureInput {
	/** The webhook's (or API inbox's) signing secret. */
	secret: string;
	/** Value of `X-Chatwoot-Signature`, e.g. `sha256=3f…`. */
	signature: string | undefined;
	/** Value of `X-Chatwoot-Timestamp` (unix seconds). */
	timestamp: string | undefined;
	/** The request body exactly as received. */
	rawBody: Buffer | string;
	/** Maximum age (either direction) of the timestamp; 0 disables the replay check. Default 300. */
	toleranceSeconds?: number;
	/** Injected clock for tests, in unix seconds. */
	nowSeconds?: number;
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;
const TIMESTAMP = /^\d{1,12}$/;

/** Human-readable text for a failure reason (safe for logs and responses: no secret material). */
export const SIGNATURE_FAILURE_TEXT: Record<SignatureFailureReason, string> = {
	missing_signature: 'The delivery is not signed (no X-Chatwoot-Signature header)',
	missing_timestamp: 'The delivery has no X-Chatwoot-Timestamp header',
	malformed_signature: 'X-Chatwoot-Signature is not of the form sha256=<64 hex digits>',
	malformed_timestamp: 'X-Chatwoot-Timestamp is not a unix time in seconds',
	signature_mismatch: 'The signature does not match the body and the webhook secret',
	stale_timestamp: 'X-Chatwoot-Timestamp is outside the accepted time window (possible replay)',
};

/**
 * Verifies a Chatwoot webhook signature in constant time, then the replay window.
 * The signature is checked before the clock, so a forged request reports
 * `signature_mismatch` and a genuine but old one `stale_timestamp`.
 */
export function verifyChatwootSignature(input: SignatureInput): SignatureCheck {
	const signature = input.signature?.trim();
	if (!signature) return { valid: false, reason: 'missing_signature' };
	const timestamp = input.timestamp?.trim();
	if (!timestamp) return { valid: false, reason: 'missing_timestamp' };
	if (!TIMESTAMP.test(timestamp)) return { valid: false, reason: 'malformed_timestamp' };
	const match = SIGNATURE.exec(signature);
	if (!match) return { valid: false, reason: 'malformed_signature' };

	const expected = hmacSha256Hex(input.secret, signedMessage(timestamp, input.rawBody));
	if (!safeEqual(expected, match[1].toLowerCase())) return { valid: false, reason: 'signature_mismatch' };

	const seconds = Number(timestamp);
	const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
	if (tolerance > 0) {
		const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
		if (Math.abs(now - seconds) > tolerance) return { valid: false, reason: 'stale_timestamp' };
	}
	return { valid: true, timestamp: seconds };
}

/** Builds the `X-Chatwoot-Signature` value Chatwoot would send (tests, benchmarks, tools). */
export function signChatwootPayload(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
	return `sha256=${hmacSha256Hex(secret, signedMessage(String(timestamp), rawBody))}`;
}

/** `<timestamp>.<raw body bytes>`, kept as bytes so no re-encoding touches the body. */
function signedMessage(timestamp: string, rawBody: Buffer | string): Buffer {
	const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
	return Buffer.concat([Buffer.from(`${timestamp}.`, 'latin1'), body]);
}
