/**
 * ChatApp path templates. ChatApp's official reference was not available when this
 * package was written (see the README), so every path the package calls has a name
 * and a default here, and can be replaced:
 * - for every node at once, by the credential's "Path Overrides" JSON
 *   (`{"messages.sendFile": "/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/messages/file"}`);
 * - for one node, by the operation's "Options → Path Template".
 * Placeholders are `{name}`; their values are URL-encoded on substitution.
 * n8n-free: shared by the action node, both triggers and the credential.
 */
export const CHATAPP_DEFAULT_PATHS = {
	'session.make': '/v1/tokens',
	'session.refresh': '/v1/tokens/refresh',
	'licenses.getAll': '/v1/licenses',
	'chats.getAll': '/v1/licenses/{licenseId}/messengers/{messengerType}/chats',
	'chats.create': '/v1/licenses/{licenseId}/messengers/{messengerType}/chats',
	'chats.markRead': '/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/read',
	'messages.getAll': '/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/messages',
	'messages.sendText': '/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/messages/text',
	'messages.sendFile': '/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/messages/file',
	'messages.sendTemplate': '/v1/licenses/{licenseId}/messengers/{messengerType}/chats/{chatId}/messages/template',
	'templates.getAll': '/v1/licenses/{licenseId}/messengers/{messengerType}/templates',
	'callbackUrls.getAll': '/v1/callbackUrls',
	'callbackUrl.set': '/v1/licenses/{licenseId}/messengers/{messengerType}/callbackUrl',
	'callbackUrl.delete': '/v1/licenses/{licenseId}/messengers/{messengerType}/callbackUrl',
} as const;

export type ChatAppPathName = keyof typeof CHATAPP_DEFAULT_PATHS;

export type ChatAppPathOverrides = Partial<Record<string, string>>;

/** Reads the credential's "Path Overrides" JSON (string or object); invalid input yields an error message. */
export function parseChatAppPathOverrides(raw: unknown): { overrides: ChatAppPathOverrides; error?: string } {
	if (raw === undefined || raw === null || raw === '') return { overrides: {} };
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return { overrides: {} };
		try {
			value = JSON.parse(raw);
		} catch {
			return { overrides: {}, error: 'Path Overrides is not valid JSON' };
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return { overrides: {}, error: 'Path Overrides must be a JSON object of name → path template' };
	}
	const overrides: ChatAppPathOverrides = {};
	for (const [name, template] of Object.entries(value as Record<string, unknown>)) {
		if (typeof template !== 'string' || template.trim() === '') {
			return { overrides: {}, error: `Path Overrides: "${name}" must be a non-empty string` };
		}
		overrides[name] = template.trim();
	}
	return { overrides };
}

/**
 * Fills `{placeholder}`s with URL-encoded values. Unknown placeholders are reported
 * rather than sent literally. A template may be a path (`/v1/...`) only: absolute
 * URLs are refused so that the access token is never sent to another host.
 */
export function fillChatAppPath(
	template: string,
	values: Record<string, string | number | undefined>,
): { path: string; error?: string } {
	const trimmed = template.trim();
	if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) {
		return { path: '', error: `Path template "${trimmed}" must be a path below the API base URL, not a full URL` };
	}
	const missing: string[] = [];
	const path = trimmed.replace(/\{(\w+)\}/g, (_m, key: string) => {
		const value = values[key];
		if (value === undefined || value === '') {
			missing.push(key);
			return '';
		}
		return encodeURIComponent(String(value));
	});
	if (missing.length) {
		return { path: '', error: `Path template "${trimmed}" needs a value for {${missing.join('}, {')}}` };
	}
	return { path: path.startsWith('/') ? path : `/${path}` };
}

/** The template to use: the node's own override, else the credential's, else the default. */
export function chatAppPathTemplate(
	name: ChatAppPathName,
	credentialOverrides?: ChatAppPathOverrides,
	nodeOverride?: string,
): string {
	if (nodeOverride && nodeOverride.trim() !== '') return nodeOverride.trim();
	return credentialOverrides?.[name] ?? CHATAPP_DEFAULT_PATHS[name];
}
