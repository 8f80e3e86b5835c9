/**
 * Redirects, decided by the transports themselves. n8n's request helpers would follow
 * a redirect to any host and keep custom headers (Chatwoot's token header) on the way,
 * re-add `Authorization` on another origin unless told otherwise, and re-send a POST
 * body (a login password) on a 307. So every request goes out with redirects off, and
 * a 3xx answer is handed to `decideRedirect`: only a redirect within the configured
 * origin is followed, anything else becomes an error that says where it pointed.
 */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Same-origin hops followed for one request before giving up. */
export const MAX_REDIRECTS = 5;

export type RedirectRefusal =
	/** The target is another scheme, host or port than the configured one. */
	| 'crossOrigin'
	/** 301/302/303 on a method other than GET/HEAD would turn it into a GET and drop the body. */
	| 'methodChange'
	/** A 3xx without a usable Location. */
	| 'noLocation'
	| 'tooMany';

export type RedirectDecision =
	| { follow: true; url: string; method: string; keepBody: boolean }
	| {
			follow: false;
			reason: RedirectRefusal;
			/** Origin (scheme, host, port) the server pointed to; never its path or query. */
			targetOrigin?: string;
			/** Same host, from http:// to https:// (the configured URL should say https). */
			upgrade?: boolean;
	  };

export interface RedirectInput {
	status: number;
	location: unknown;
	/** Absolute URL of the request that was answered with the redirect. */
	currentUrl: string;
	/** Origin the credential points to; requests never leave it. */
	allowedOrigin: string;
	method: string;
	/** Redirects already followed for this request. */
	hops: number;
}

export function isRedirect(status: number): boolean {
	return REDIRECT_STATUSES.has(status);
}

/** Origin of an absolute URL, or undefined when it is not one. */
export function originOf(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		return /^https?:$/.test(parsed.protocol) ? parsed.origin : undefined;
	} catch {
		return undefined;
	}
}

export function decideRedirect(input: RedirectInput): RedirectDecision {
	const raw = Array.isArray(input.location) ? input.location[0] : input.location;
	if (typeof raw !== 'string' || raw.trim() === '') return { follow: false, reason: 'noLocation' };
	let target: URL;
	try {
		target = new URL(raw.trim(), input.currentUrl);
	} catch {
		return { follow: false, reason: 'noLocation' };
	}
	const targetOrigin = originOf(target.href);
	if (!targetOrigin) return { follow: false, reason: 'noLocation' };
	if (targetOrigin !== input.allowedOrigin) {
		const from = new URL(input.allowedOrigin);
		const upgrade = from.protocol === 'http:' && target.protocol === 'https:' && from.hostname === target.hostname;
		return { follow: false, reason: 'crossOrigin', targetOrigin, upgrade };
	}
	if (input.hops >= MAX_REDIRECTS) return { follow: false, reason: 'tooMany', targetOrigin };
	const method = input.method.toUpperCase();
	if (input.status === 307 || input.status === 308) return { follow: true, url: target.href, method, keepBody: true };
	if (method === 'GET' || method === 'HEAD') return { follow: true, url: target.href, method, keepBody: false };
	return { follow: false, reason: 'methodChange', targetOrigin };
}

/**
 * What to tell the user about a redirect that was not followed. `service` names the
 * platform ("Chatwoot"), `setting` the credential field to fix ("Base URL").
 */
export function describeRedirectRefusal(
	decision: Extract<RedirectDecision, { follow: false }>,
	context: { service: string; setting: string; status: number; where: string; configuredOrigin: string },
): { message: string; description: string } {
	const { service, setting, status, where, configuredOrigin } = context;
	switch (decision.reason) {
		case 'crossOrigin':
			if (decision.upgrade) {
				return {
					message: `${service} redirects to https://: set ${setting} to ${decision.targetOrigin}`,
					description: `${where} was answered ${status} with a redirect from ${configuredOrigin} to ${decision.targetOrigin}. Credentials are sent only to the origin in ${setting}, so the redirect was not followed. Change ${setting} to start with https://.`,
				};
			}
			return {
				message: `${service} redirected to another host (${decision.targetOrigin}); the credential was not sent there`,
				description: `${where} was answered ${status} with a redirect to ${decision.targetOrigin}. Credentials and passwords are sent only to ${configuredOrigin} (the credential's ${setting}), never to another host. If ${service} now lives at ${decision.targetOrigin}, set ${setting} to it.`,
			};
		case 'methodChange':
			return {
				message: `${service} answered ${status} (redirect) to ${where}`,
				description: `Following it would turn the request into a GET and drop its body, so it was not followed. Set ${setting} to the address ${service} is served from, without a proxy that redirects.`,
			};
		case 'tooMany':
			return {
				message: `${service} redirected ${where} too many times`,
				description: `More than ${MAX_REDIRECTS} redirects within ${configuredOrigin}. Check ${setting} and the proxy in front of ${service}.`,
			};
		case 'noLocation':
		default:
			return {
				message: `${service} answered ${status} without a usable redirect target`,
				description: `${where} was answered ${status} with no valid Location header. Check ${setting} and the proxy in front of ${service}.`,
			};
	}
}
