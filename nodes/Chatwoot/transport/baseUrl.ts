/**
 * Normalises a Chatwoot installation URL as users paste it: trims blanks, adds a
 * missing scheme, and strips trailing slashes plus any API or dashboard path
 * (`/api/v1`, `/public/api/v1`, `/app/accounts/1/...`), leaving the root that every
 * path in this package is built on.
 */
export function normalizeChatwootBaseUrl(input: unknown): string {
	let url = String(input ?? '').trim();
	if (url === '') return '';
	if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
	url = url.replace(/[?#].*$/, '');
	url = url.replace(/\/+$/, '');
	url = url.replace(/\/(?:public\/)?api\/v\d+(?:\/.*)?$/i, '');
	url = url.replace(/\/(?:app|platform)(?:\/.*)?$/i, '');
	return url.replace(/\/+$/, '');
}

/** Root URL without a trailing slash, for APIs (ChatApp) whose paths we append. */
export function trimTrailingSlashes(input: unknown): string {
	return String(input ?? '')
		.trim()
		.replace(/\/+$/, '');
}
