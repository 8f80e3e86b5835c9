/**
 * Retry facts shared by the Chatwoot and ChatApp transports and the realtime
 * triggers: which methods may be repeated, which network failures are transient,
 * how to read `Retry-After`, and how to dig the code or HTTP response out of the
 * errors n8n's request helpers throw (NodeApiError → cause → axios error).
 */
export const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN']);

export type ResponseHeaders = Record<string, string | string[] | undefined> | undefined;

/** `Retry-After` (seconds or HTTP date) in ms, capped; undefined when absent or unreadable. */
export function retryAfterMs(headers: ResponseHeaders, capMs: number): number | undefined {
	const raw = headers?.['retry-after'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.min(Math.max(0, seconds * 1000), capMs);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.min(Math.max(0, date - Date.now()), capMs) : undefined;
}

const SYSTEM_CODE = /^E[A-Z_]+$|^UND_ERR|^ERR_|^CERT_|^UNABLE_TO_|^DEPTH_ZERO_SELF_SIGNED_CERT$|^SELF_SIGNED_CERT_IN_CHAIN$/;

/**
 * The first Node/undici network error code (ECONNREFUSED, UND_ERR_…, a TLS code) along
 * the cause chain. n8n 1.x drops the `cause` of the NodeApiError its helpers throw; the
 * code then survives only as its `httpCode` (NodeApiError reads any `code` there), so
 * that is looked at too.
 */
export function networkCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		for (const key of ['code', 'httpCode'] as const) {
			const code = (current as Record<string, unknown>)[key];
			if (typeof code === 'string' && SYSTEM_CODE.test(code)) return code;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The HTTP response behind an error n8n threw, or just its status when only `httpCode` survives. */
export function httpResponseOf(error: unknown): { status: number; data: unknown } | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const response = (current as { response?: { status?: unknown; data?: unknown } }).response;
		if (response && typeof response.status === 'number') return { status: response.status, data: response.data };
		current = (current as { cause?: unknown }).cause;
	}
	const httpCode = Number((error as { httpCode?: unknown })?.httpCode);
	return Number.isInteger(httpCode) && httpCode > 0 ? { status: httpCode, data: undefined } : undefined;
}
