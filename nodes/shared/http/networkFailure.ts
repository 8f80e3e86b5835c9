/**
 * What to say when a request got no HTTP answer at all. The system code (ENOTFOUND,
 * ECONNREFUSED…) goes into the description only and is spelled out in words in the
 * message: n8n's NodeApiError swaps any message that contains such a code, or any error
 * whose `code` is one, for its own generic text ("The connection cannot be established…"),
 * which would hide which host and which setting are wrong.
 */

/**
 * How long a request may take before it is abandoned as a network failure: transport
 * requests, token requests (login, refresh) and credential tests. One object, so
 * that tests can shorten them as they shorten the retry policies.
 */
export const REQUEST_TIMEOUTS = { requestMs: 120_000, uploadMs: 600_000, tokenMs: 30_000, credentialTestMs: 20_000 };

/** The timeout of a request: its own, else the one for uploads (multipart) or for other requests. */
export function requestTimeoutMs(request: { timeoutMs?: number; multipart?: unknown }): number {
	return request.timeoutMs ?? (request.multipart ? REQUEST_TIMEOUTS.uploadMs : REQUEST_TIMEOUTS.requestMs);
}

const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)/;

/** The failure in words, free of system codes. */
export function networkFailureReason(code: string | undefined, timeoutMs?: number): string {
	switch (code) {
		case 'ENOTFOUND':
			return 'the host name was not found (DNS)';
		case 'EAI_AGAIN':
			return 'the host name could not be looked up right now (DNS)';
		case 'ECONNREFUSED':
			return 'nothing accepted the connection on that port';
		case 'ECONNRESET':
		case 'EPIPE':
		case 'UND_ERR_SOCKET':
			return 'the connection was closed before an answer arrived';
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
		case 'UND_ERR_CONNECT_TIMEOUT':
		case 'UND_ERR_HEADERS_TIMEOUT':
			return timeoutMs ? `no answer within ${Math.round(timeoutMs / 1000)} s` : 'the connection timed out';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return 'the host is unreachable from n8n';
		case 'EPROTO':
			return 'the TLS handshake failed (is it an http:// port?)';
		default:
			if (code && TLS_CODE.test(code)) return `its TLS certificate was not accepted (${code})`;
			if (code && code.startsWith('ERR_SSL')) return 'the TLS handshake failed (is it an http:// port?)';
			return 'no answer';
	}
}

export interface NetworkFailureContext {
	/** "Chatwoot", "ChatApp". */
	service: string;
	/** Origin the request went to (from the credential); holds no secret. */
	origin: string;
	/** "GET /api/v1/profile". */
	where: string;
	/** Credential field to check, e.g. "Base URL". */
	setting: string;
	code?: string;
	timeoutMs?: number;
}

/** Message (with the host and the reason) and description (with the code and what to check). */
export function describeNetworkFailure(context: NetworkFailureContext): { message: string; description: string } {
	const { service, origin, where, setting, code, timeoutMs } = context;
	const reason = networkFailureReason(code, timeoutMs);
	return {
		message: `Could not reach ${service} at ${origin || `the credential's ${setting}`}: ${reason}`,
		description: `${where} got no answer${code ? ` (${code})` : ''}. Check the credential's ${setting} and that n8n can reach that host (DNS, firewall, proxy, VPN).`,
	};
}
