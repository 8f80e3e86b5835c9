import type { IWebhookFunctions } from 'n8n-workflow';

import type { Refusal } from './answers';
import type { Slot } from './common';
import { readRegistration } from './common';
import { recoveredSecret, refreshSecret } from './secretRefresh';
import type { SignatureCheck } from './signature';
import { verifyChatwootSignature } from './signature';

export interface DeliveryCredentials {
	slot: Slot;
	rawBody: Buffer;
	signature: string | undefined;
	timestamp: string | undefined;
	requireSignature: boolean;
	toleranceSeconds: number;
}

export type Authenticity =
	/** `signature`: the verified signature's hex digits, which identify this signed delivery. */
	| { ok: true; signatureVerified: boolean; signature?: string }
	| { ok: false; reason: Refusal; retryLater: boolean };

/**
 * Whether a delivery comes from Chatwoot, on the exact bytes received, before anything
 * else is read. Secrets tried: the registration's (static data, or this process's record
 * of the activation), then one re-read from Chatwoot. A re-read is asked for only when
 * no secret verifies and the failure could be ours (no registration known here, or a
 * signature that matches no known secret); it is bounded per trigger (secretRefresh.ts).
 *
 * Unchanged rules: with Require Signature off, unsigned deliveries pass (a present
 * signature is still checked); a registration without a secret (Chatwoot before signing,
 * or a non-admin token) accepts deliveries unverified.
 */
export async function authenticate(ctx: IWebhookFunctions, input: DeliveryCredentials): Promise<Authenticity> {
	const registration = readRegistration(ctx, input.slot);
	if (!input.requireSignature && input.signature === undefined) return { ok: true, signatureVerified: false };

	const known = [...new Set([registration?.secret, recoveredSecret(ctx, input.slot)])].filter((s): s is string => typeof s === 'string' && s !== '');
	if (known.length === 0) {
		// Known here, but Chatwoot gave it no secret; or Require Signature off: nothing to check against.
		if (registration || !input.requireSignature) return { ok: true, signatureVerified: false };
	} else {
		const check = verifyWith(known, input);
		if (check.valid || check.reason !== 'signature_mismatch') return outcome(check, input);
	}

	// No registration known to this process, or a signature no known secret matches.
	const refreshed = await refreshSecret(ctx, input.slot, registration);
	if (refreshed.kind === 'failed') {
		ctx.logger.warn(`Chatwoot Trigger "${ctx.getNode().name}": could not read its signing secret from Chatwoot to verify a delivery`);
	}
	if (refreshed.kind === 'found') {
		if (!refreshed.secret) return { ok: true, signatureVerified: false };
		if (!known.includes(refreshed.secret)) return outcome(verifyWith([refreshed.secret], input), input);
	}
	const reason: Refusal = registration || refreshed.kind === 'found' ? 'signature_mismatch' : 'not_registered';
	// A retry may succeed once static data is saved or the re-read is allowed again.
	const retryLater = reason === 'not_registered' || refreshed.kind === 'rate_limited' || refreshed.kind === 'failed';
	return { ok: false, reason, retryLater };
}

function verifyWith(secrets: string[], input: DeliveryCredentials): SignatureCheck {
	let check: SignatureCheck = { valid: false, reason: 'signature_mismatch' };
	for (const secret of secrets) {
		check = verifyChatwootSignature({
			secret,
			signature: input.signature,
			timestamp: input.timestamp,
			rawBody: input.rawBody,
			toleranceSeconds: input.toleranceSeconds,
		});
		if (check.valid || check.reason !== 'signature_mismatch') return check;
	}
	return check;
}

function outcome(check: SignatureCheck, input: DeliveryCredentials): Authenticity {
	if (!check.valid) return { ok: false, reason: check.reason, retryLater: false };
	// Valid means the header is `sha256=<64 hex digits>`: its digits, in one case, name this signed delivery.
	return { ok: true, signatureVerified: true, signature: String(input.signature).trim().slice(7).toLowerCase() };
}
