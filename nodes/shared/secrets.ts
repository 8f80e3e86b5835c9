/**
 * Credentials that platforms put into the data they send us (webhook bodies,
 * realtime events, API answers) are removed before that data becomes a workflow
 * item, an execution log or an error. Imports nothing from n8n.
 */

/**
 * Keys whose values are credentials, wherever they appear (outside user data). One list
 * for every platform and trigger. Chatwoot's come from 4.15.1 (release merge 97bb8ecd3):
 * the `encrypts` declarations in `app/models/**` and `enterprise/app/models/**`, and the
 * credential columns of the `channel_*` tables in `db/schema.rb`, which `inbox_created`
 * / `inbox_updated` deliver whole and decrypted (Inbox::EventDataPresenter's `channel`).
 *
 * Deliberately kept: `identifier` (API inbox) and `website_token` (web widget), the
 * public ids of the Client API and the widget script; `account_sid` / `api_key_sid`
 * (Twilio) and `imap_login` / `smtp_login` (email), which are user names, not secrets.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
	// channel_instagram, channel_tiktok (encrypts :access_token); agent_bots and users (AccessTokenable);
	// integrations_hooks (encrypts :access_token)
	'access_token',
	// channel_tiktok (encrypts :refresh_token)
	'refresh_token',
	// channel_api, channel_web_widgets: identity-validation key
	'hmac_token',
	// contact_inboxes, users: ActionCable subscription token
	'pubsub_token',
	// channel_api, webhooks, agent_bots (WebhookSecretable: has_secure_token + encrypts :secret)
	'secret',
	// channel_telegram (encrypts :bot_token)
	'bot_token',
	// channel_facebook_pages (encrypts :page_access_token, :user_access_token)
	'page_access_token',
	'user_access_token',
	// channel_email (encrypts :imap_password, :smtp_password)
	'imap_password',
	'smtp_password',
	// channel_email (OAuth access/refresh tokens), channel_whatsapp (api_key, webhook_verify_token),
	// channel_sms (Bandwidth api_key, api_secret), channel_twilio_sms: removed whole
	'provider_config',
	// channel_line (encrypts :line_channel_secret, :line_channel_token)
	'line_channel_secret',
	'line_channel_token',
	// channel_twilio_sms (encrypts :auth_token; enterprise encrypts :api_key_secret)
	'auth_token',
	'api_key_secret',
	// channel_twitter_profiles (encrypts :twitter_access_token, :twitter_access_token_secret)
	'twitter_access_token',
	'twitter_access_token_secret',
	// users (encrypts :otp_secret, :otp_backup_codes)
	'otp_secret',
	'otp_backup_codes',
]);

/** User-defined data: left as it is, even where a user named a field "secret". */
export const USER_DATA_KEYS: ReadonlySet<string> = new Set([
	'additional_attributes',
	'content_attributes',
	'custom_attributes',
	'submitted_values',
]);

/** Deepest nesting accepted in received data (Chatwoot's own payloads stay below 10). */
export const MAX_PAYLOAD_DEPTH = 64;

/** Received data nested deeper than `MAX_PAYLOAD_DEPTH`: refused, never walked further. */
export class PayloadTooDeepError extends Error {
	constructor(readonly maxDepth: number) {
		super(`The data is nested deeper than ${maxDepth} levels`);
		this.name = 'PayloadTooDeepError';
	}
}

/**
 * Deletes every `SECRET_KEYS` entry (whatever its value) outside user data, in place,
 * and returns `value`. The whole value is visited, user data included, so that
 * nesting beyond `maxDepth` throws PayloadTooDeepError instead of overflowing the
 * stack here or in whatever walks the item next.
 */
export function stripSecrets<T>(value: T, maxDepth = MAX_PAYLOAD_DEPTH): T {
	walk(value, 0, maxDepth, true);
	return value;
}

/**
 * Throws PayloadTooDeepError when `value` is nested deeper than `maxDepth`; changes
 * nothing. For received data that carries no platform credentials (ChatApp), before it
 * becomes an item that n8n copies and serialises recursively.
 */
export function assertDepth(value: unknown, maxDepth = MAX_PAYLOAD_DEPTH): void {
	walk(value, 0, maxDepth, false);
}

function walk(value: unknown, depth: number, maxDepth: number, strip: boolean): void {
	if (value === null || typeof value !== 'object') return;
	if (depth >= maxDepth) throw new PayloadTooDeepError(maxDepth);
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) walk(value[i], depth + 1, maxDepth, strip);
		return;
	}
	const record = value as Record<string, unknown>;
	for (const key in record) {
		if (strip && SECRET_KEYS.has(key)) {
			delete record[key];
			continue;
		}
		const entry = record[key];
		if (entry !== null && typeof entry === 'object') walk(entry, depth + 1, maxDepth, strip && !USER_DATA_KEYS.has(key));
	}
}

/*
 * Redaction of secret values. Where stripSecrets removes secrets by key name from data
 * a platform sends us, a Redactor removes secrets by value: the credential's tokens,
 * passwords and keys, URL secrets and identifiers the node itself sent, wherever a
 * server echoes them (JSON, HTML or plain text, raw or escaped). The transports apply
 * it to every answer and every error, so no node has to remember it.
 */

export const REDACTED = '[redacted]';

/** Values shorter than this are not redacted at all (they would mangle ordinary text). */
export const MIN_SECRET_LENGTH = 4;

/** Values shorter than this are redacted from errors and logs only, never from items. */
export const MIN_ITEM_SECRET_LENGTH = 8;

export interface KnownSecret {
	value: unknown;
	/** Replacement text, e.g. `<inbox identifier>`; default `[redacted]`. */
	label?: string;
	/**
	 * Also removed from items (the data of successful answers). Default true. False for
	 * identifiers an API legitimately returns (an inbox identifier, an app ID) and for
	 * values the node sent itself: they are removed from errors and logs only.
	 */
	inItems?: boolean;
}

export interface Redactor {
	/** True when there is nothing to redact. */
	readonly empty: boolean;
	/** Every known form of every secret in `text` replaced by its label. */
	text(text: string): string;
	/** `text` applied to every string and key inside `value` (objects and arrays are changed in place). */
	value<T>(value: T): T;
	/** The same redactor without the secrets that stay in items. */
	forItems(): Redactor;
	/** This redactor plus more secrets. */
	with(secrets: KnownSecret[]): Redactor;
}

const HTML_ESCAPES: Array<[RegExp, string]> = [
	[/&/g, '&amp;'],
	[/</g, '&lt;'],
	[/>/g, '&gt;'],
	[/"/g, '&quot;'],
	[/'/g, '&#39;'],
];

/**
 * The forms a secret takes when a server echoes it back: as sent, URL-encoded (either
 * case of hex digits, `+` for spaces), JSON-escaped (also with PHP's escaped `\/`), and
 * HTML-escaped (also with `/` as `&#x2F;`).
 */
export function secretForms(value: string): string[] {
	const forms = new Set<string>([value]);
	const encoded = encodeURIComponent(value);
	forms.add(encoded);
	forms.add(encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
	forms.add(encoded.replace(/%20/g, '+'));
	const json = JSON.stringify(value).slice(1, -1);
	forms.add(json);
	forms.add(json.replace(/\//g, '\\/'));
	const html = HTML_ESCAPES.reduce((text, [pattern, escape]) => text.replace(pattern, escape), value);
	forms.add(html);
	forms.add(html.replace(/\//g, '&#x2F;'));
	forms.add(html.replace(/\//g, '&#47;'));
	return [...forms];
}

interface Form {
	form: string;
	label: string;
	inItems: boolean;
}

function formsOf(secrets: KnownSecret[]): Form[] {
	const forms: Form[] = [];
	for (const secret of secrets) {
		if (typeof secret.value !== 'string' && typeof secret.value !== 'number') continue;
		const value = String(secret.value);
		if (value.trim().length < MIN_SECRET_LENGTH) continue;
		const inItems = secret.inItems !== false && value.length >= MIN_ITEM_SECRET_LENGTH;
		for (const form of secretForms(value)) forms.push({ form, label: secret.label ?? REDACTED, inItems });
	}
	// Longest first, so that a secret containing another is replaced whole.
	return forms.sort((a, b) => b.form.length - a.form.length);
}

function redactorOf(forms: Form[], secrets: KnownSecret[]): Redactor {
	const text = (input: string): string => {
		let out = input;
		for (const { form, label } of forms) if (out.includes(form)) out = out.split(form).join(label);
		return out;
	};
	return {
		empty: forms.length === 0,
		text,
		value: <T>(value: T): T => (forms.length === 0 ? value : (redactValue(value, text) as T)),
		forItems: () =>
			redactorOf(
				forms.filter((f) => f.inItems),
				secrets,
			),
		with: (more: KnownSecret[]) => createRedactor([...secrets, ...more]),
	};
}

/** A redactor for these secrets; empty, undefined and too short values are skipped. */
export function createRedactor(secrets: KnownSecret[]): Redactor {
	return redactorOf(formsOf(secrets), secrets);
}

/**
 * Applies `redact` to every string and key in `value`. Iterative (any depth, no stack
 * overflow) and cycle-safe; objects and arrays are changed in place, Buffers are left
 * alone. Returns the (possibly replaced) top-level value.
 */
function redactValue(value: unknown, redact: (text: string) => string): unknown {
	if (typeof value === 'string') return redact(value);
	if (value === null || typeof value !== 'object') return value;
	const seen = new Set<object>();
	const pending: object[] = [value];
	while (pending.length > 0) {
		const current = pending.pop()!;
		if (seen.has(current) || Buffer.isBuffer(current) || ArrayBuffer.isView(current)) continue;
		seen.add(current);
		if (Array.isArray(current)) {
			for (let i = 0; i < current.length; i++) {
				const entry: unknown = current[i];
				if (typeof entry === 'string') current[i] = redact(entry);
				else if (entry !== null && typeof entry === 'object') pending.push(entry);
			}
			continue;
		}
		const record = current as Record<string, unknown>;
		for (const key of Object.keys(record)) {
			const entry = record[key];
			const cleanKey = redact(key);
			if (cleanKey !== key) {
				delete record[key];
				record[cleanKey] = entry;
			}
			if (typeof entry === 'string') record[cleanKey] = redact(entry);
			else if (entry !== null && typeof entry === 'object') pending.push(entry);
		}
	}
	return value;
}

/** Key and query-parameter names whose values are secrets when a node sends them. */
const SECRET_NAME = /secret|token|passw|api[_-]?key|signature|hmac|_hash$|^hash$/i;

/** Whether a key or query-parameter name holds a secret (`secret`, `access_token`, `identifier_hash`, `apiKey`…). */
export function isSecretName(name: string): boolean {
	return SECRET_KEYS.has(name) || SECRET_NAME.test(name);
}

/**
 * The secrets inside what a node is about to send: values of secret-named keys (any
 * depth), and the secret-named query parameters and the password of every URL in it
 * (a callback URL carrying `?secret=…`). Errors about that request must not echo them.
 */
export function secretsSentIn(...values: unknown[]): KnownSecret[] {
	const found: KnownSecret[] = [];
	const pending: Array<{ value: unknown; depth: number }> = values.map((value) => ({ value, depth: 0 }));
	while (pending.length > 0) {
		const { value, depth } = pending.pop()!;
		if (typeof value === 'string') {
			found.push(...urlSecrets(value));
			continue;
		}
		if (value === null || typeof value !== 'object' || depth > MAX_PAYLOAD_DEPTH || Buffer.isBuffer(value)) continue;
		for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
			if (isSecretName(key) && (typeof entry === 'string' || typeof entry === 'number')) {
				found.push({ value: entry, inItems: false });
			} else pending.push({ value: entry, depth: depth + 1 });
		}
	}
	return found;
}

function urlSecrets(text: string): KnownSecret[] {
	if (!/^https?:\/\//i.test(text.trim())) return [];
	let url: URL;
	try {
		url = new URL(text.trim());
	} catch {
		return [];
	}
	const found: KnownSecret[] = [];
	if (url.password) found.push({ value: decodeURIComponent(url.password), inItems: false });
	for (const [name, value] of url.searchParams) if (isSecretName(name)) found.push({ value, inItems: false });
	return found;
}

/**
 * The secrets inside what a platform answered: values of `SECRET_KEYS` entries outside
 * user data (a user's `pubsub_token` in a profile, an inbox's `hmac_token`). They stay
 * in that answer's items, where the workflow asked for them, but are kept out of later
 * errors and logs.
 */
export function secretsReceivedIn(value: unknown, maxValues = 50): KnownSecret[] {
	const found: KnownSecret[] = [];
	const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
	while (pending.length > 0 && found.length < maxValues) {
		const current = pending.pop()!;
		if (current.value === null || typeof current.value !== 'object' || current.depth > MAX_PAYLOAD_DEPTH) continue;
		for (const [key, entry] of Object.entries(current.value as Record<string, unknown>)) {
			if (USER_DATA_KEYS.has(key)) continue;
			if (SECRET_KEYS.has(key) && typeof entry === 'string') found.push({ value: entry, inItems: false });
			else if (entry !== null && typeof entry === 'object') pending.push({ value: entry, depth: current.depth + 1 });
		}
	}
	return found;
}
