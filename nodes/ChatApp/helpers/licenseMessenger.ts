import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** One license + messenger of a ChatApp account (the unit of ChatApp's callbacks and channels). */
export interface LicenseMessenger {
	licenseId: string;
	messengerType: string;
}

/** The dropdown value of a pair: `1229/grWhatsApp`. */
export function licenseMessengerValue(licenseId: unknown, messengerType: unknown): string {
	return `${String(licenseId)}/${String(messengerType)}`;
}

/** `1229/grWhatsApp` (the dropdown's value) or `1229:grWhatsApp` → the pair; undefined otherwise. */
export function parseLicenseMessenger(value: unknown): LicenseMessenger | undefined {
	const match = /^\s*([^\s/:.]+)\s*[/:]\s*([^\s/:.]+)\s*$/.exec(String(value ?? ''));
	return match ? { licenseId: match[1], messengerType: match[2] } : undefined;
}

/**
 * The distinct pairs of a multiOptions parameter (or a comma-separated expression
 * result); a value that is not a pair is a clear error. May be empty.
 */
export function licenseMessengerList(node: INode, raw: unknown): LicenseMessenger[] {
	const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	const pairs: LicenseMessenger[] = [];
	for (const value of values) {
		const text = String(value).trim();
		if (text === '') continue;
		const pair = parseLicenseMessenger(text);
		if (!pair) {
			throw new NodeOperationError(node, `"${text}" is not a license/messenger pair`, {
				description: 'Pick pairs from the list, or write them as <licenseId>/<messengerType>, e.g. 1229/grWhatsApp.',
			});
		}
		if (!pairs.some((p) => p.licenseId === pair.licenseId && p.messengerType === pair.messengerType)) pairs.push(pair);
	}
	return pairs;
}
