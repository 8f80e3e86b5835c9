import { createHmac, timingSafeEqual } from 'crypto';

/** Lowercase hex HMAC-SHA256 (Chatwoot `identifier_hash`, webhook signatures). */
export function hmacSha256Hex(key: string | Buffer, message: string | Buffer): string {
	return createHmac('sha256', key).update(message).digest('hex');
}

/** Constant-time comparison of two strings; unequal lengths compare false without early exit on content. */
export function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a, 'utf8');
	const right = Buffer.from(b, 'utf8');
	if (left.length !== right.length) {
		timingSafeEqual(left, left);
		return false;
	}
	return timingSafeEqual(left, right);
}
