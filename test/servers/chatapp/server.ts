import { randomBytes } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

import type { ListPagingStyle } from './listPaging';
import { pageList } from './listPaging';

/**
 * A ChatApp-like REST server on 127.0.0.1 for the tests: token make/refresh with
 * expiry, licenses, chats, messages with `nextPage` cursors, multipart file upload,
 * templates, callback URLs, and ChatApp's `{success:false, error:{code,message}}`
 * envelopes. Everything it sees is recorded for assertions; behaviour is switched
 * by the test through `state` and the control methods.
 */

export interface RecordedRequest {
	method: string;
	/** Raw path and query as received (still URL-encoded). */
	url: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	json?: unknown;
}

export interface MultipartField {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

export interface TokenRecord {
	endMs: number;
	revoked: boolean;
}

export interface ChatMessage {
	id: string;
	internalId?: number;
	side: 'in' | 'out';
	time: number;
	type: string;
	message: { text?: string; caption?: string; file?: unknown };
}

export interface ChatAppServerState {
	account: { email: string; password: string; appId: string };
	/** Lifetime of new access tokens, seconds. */
	accessTtl: number;
	refreshTtl: number;
	/** How an invalid/expired token is reported. */
	invalidTokenStyle: 401 | 403 | 200;
	/** When true, tokens.refresh rejects everything (dead refresh token). */
	refreshDisabled: boolean;
	accessTokens: Map<string, TokenRecord>;
	refreshTokens: Map<string, TokenRecord>;
	makeCalls: number;
	refreshCalls: RecordedRequest[];
	/** POST /broadcasting/auth calls (private-channel authorization of the realtime trigger). */
	channelAuthCalls: number;
	requests: RecordedRequest[];
	licenses: Array<Record<string, unknown>>;
	/** `${licenseId}/${messengerType}` → chats. */
	chats: Map<string, Array<Record<string, unknown>>>;
	/** `${licenseId}/${messengerType}/${chatId}` → messages, newest first. */
	messages: Map<string, ChatMessage[]>;
	templates: Map<string, Array<Record<string, unknown>>>;
	/** How chat and message lists page: `nextPage` cursors (default) or `lastTime` (+ `lastInternalId`) only. */
	pagingStyle: ListPagingStyle;
	callbackUrls: Map<string, { url: string; events: string[] }>;
	sentTexts: Array<{ licenseId: string; messengerType: string; chatId: string; body: Record<string, unknown> }>;
	sentFiles: Array<{ licenseId: string; messengerType: string; chatId: string; fields: MultipartField[]; authorization?: string }>;
	sentTemplates: Array<{ licenseId: string; messengerType: string; chatId: string; body: Record<string, unknown> }>;
	readChats: string[];
	/** Queued one-shot failures: the first entry whose matcher fits the request is answered and removed. */
	failures: Array<{ method?: string; path: RegExp; status: number; body: unknown; times: number; headers?: Record<string, string> }>;
}

export interface ChatAppServer {
	url: string;
	state: ChatAppServerState;
	/** Marks every issued access token as expired (server side). */
	expireAccessTokens(): void;
	/** Expires every issued refresh token too. */
	killRefreshTokens(): void;
	failNext(path: RegExp, status: number, body: unknown, options?: { method?: string; times?: number; headers?: Record<string, string> }): void;
	/** All calls of `path` (regexp on the decoded path) after the token endpoints. */
	calls(path: RegExp, method?: string): RecordedRequest[];
	close(): Promise<void>;
}

export const ACCOUNT = { email: 'owner@example.com', password: 'S3cret-pass!word', appId: 'app_4242_1' };

export function defaultLicenses(): Array<Record<string, unknown>> {
	return [
		{
			licenseId: 1229,
			licenseTo: 1893456000,
			licenseName: 'Sales WhatsApp',
			meOwner: true,
			status: { id: 2, code: 'paid' },
			messenger: [
				{ type: 'grWhatsApp', name: '[WEB] WhatsApp' },
				{ type: 'telegram', name: 'Telegram' },
			],
			app: [{ type: 'webchat', name: 'Webchat' }],
			access: [],
			active: true,
		},
		{
			licenseId: 2048,
			licenseTo: 1893456000,
			licenseName: 'Support Cloud',
			meOwner: true,
			status: { id: 2, code: 'paid' },
			messenger: [{ type: 'caWhatsApp', name: 'WhatsApp Cloud API' }],
			app: [],
			access: [],
			active: true,
		},
	];
}

function bcryptLike(): string {
	return `$2y$10$${randomBytes(40).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 53)}`;
}

function envelope(code: string, message: string) {
	return { success: false, error: { code, message } };
}

function parseMultipart(body: Buffer, contentType: string): MultipartField[] {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!match) throw new Error('multipart without boundary');
	const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
	const fields: MultipartField[] = [];
	let start = body.indexOf(boundary);
	while (start !== -1) {
		const next = body.indexOf(boundary, start + boundary.length);
		if (next === -1) break;
		const part = body.subarray(start + boundary.length + 2, next - 2); // skip CRLF after boundary, before next
		const headerEnd = part.indexOf('\r\n\r\n');
		const head = part.subarray(0, headerEnd).toString('utf8');
		const data = part.subarray(headerEnd + 4);
		const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
		const fileName = /filename="([^"]*)"/i.exec(head)?.[1];
		const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
		fields.push({ name, data: Buffer.from(data), ...(fileName !== undefined ? { fileName } : {}), ...(type ? { contentType: type } : {}) });
		start = next;
	}
	return fields;
}

export async function startChatAppServer(overrides: Partial<ChatAppServerState> = {}): Promise<ChatAppServer> {
	const state: ChatAppServerState = {
		account: { ...ACCOUNT },
		accessTtl: 24 * 3600,
		refreshTtl: 14 * 24 * 3600,
		invalidTokenStyle: 401,
		refreshDisabled: false,
		pagingStyle: 'nextPage',
		accessTokens: new Map(),
		refreshTokens: new Map(),
		makeCalls: 0,
		refreshCalls: [],
		channelAuthCalls: 0,
		requests: [],
		licenses: defaultLicenses(),
		chats: new Map(),
		messages: new Map(),
		templates: new Map(),
		callbackUrls: new Map(),
		sentTexts: [],
		sentFiles: [],
		sentTemplates: [],
		readChats: [],
		failures: [],
		...overrides,
	};

	function issueTokens() {
		const now = Date.now();
		const accessToken = bcryptLike();
		const refreshToken = bcryptLike();
		state.accessTokens.set(accessToken, { endMs: now + state.accessTtl * 1000, revoked: false });
		state.refreshTokens.set(refreshToken, { endMs: now + state.refreshTtl * 1000, revoked: false });
		return {
			cabinetUserId: 4242,
			accessToken,
			accessTokenEndTime: Math.floor(now / 1000) + state.accessTtl,
			refreshToken,
			refreshTokenEndTime: Math.floor(now / 1000) + state.refreshTtl,
		};
	}

	function valid(map: Map<string, TokenRecord>, token: string | undefined): boolean {
		if (!token) return false;
		const record = map.get(token);
		return !!record && !record.revoked && record.endMs > Date.now();
	}

	function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
		if (typeof body === 'string') {
			res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
			res.end(body);
			return;
		}
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(JSON.stringify(body));
	}

	function invalidToken(res: ServerResponse) {
		send(res, state.invalidTokenStyle, envelope('ApiInvalidTokenError', 'Invalid token'));
	}

	function license(id: string) {
		return state.licenses.find((l) => String(l.licenseId) === id);
	}

	function hasMessenger(licenseId: string, messengerType: string): boolean {
		const l = license(licenseId);
		return !!l && (l.messenger as Array<{ type: string }>).some((m) => m.type === messengerType);
	}

	function page<T>(items: T[], query: Record<string, string>, defaultLimit = 50) {
		return pageList(items, query, state.pagingStyle, defaultLimit);
	}

	async function handle(req: IncomingMessage, res: ServerResponse, record: RecordedRequest) {
		const { method, path, query, headers } = record;
		const failure = state.failures.find((f) => f.path.test(path) && (!f.method || f.method === method));
		if (failure) {
			failure.times -= 1;
			if (failure.times <= 0) state.failures.splice(state.failures.indexOf(failure), 1);
			return send(res, failure.status, typeof failure.body === 'function' ? (failure.body as (r: RecordedRequest) => unknown)(record) : failure.body, failure.headers);
		}

		if (method === 'POST' && path === '/broadcasting/auth') {
			// Laravel's broadcasting auth: the access token decides; the signature itself is not checked here.
			state.channelAuthCalls += 1;
			if (!valid(state.accessTokens, headers.authorization as string | undefined)) return invalidToken(res);
			return send(res, 200, { auth: `ChatsAppApiProdKey:${randomBytes(32).toString('hex')}` });
		}
		if (!path.startsWith('/v1/')) return send(res, 404, '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
		if (method === 'POST' && path === '/v1/tokens') {
			state.makeCalls += 1;
			const body = (record.json ?? {}) as Record<string, unknown>;
			const { email, password, appId } = state.account;
			if (body.email !== email || body.password !== password) {
				return send(res, 401, envelope('ApiAuthError', 'Incorrect email or password'));
			}
			if (body.appId !== appId) return send(res, 403, envelope('ApiAppNotFoundError', 'Application not found'));
			return send(res, 200, { success: true, data: issueTokens() });
		}
		if (method === 'POST' && path === '/v1/tokens/refresh') {
			state.refreshCalls.push(record);
			const header = headers.refresh as string | undefined;
			const bodyToken = ((record.json ?? {}) as Record<string, unknown>).refreshToken as string | undefined;
			const token = header ?? bodyToken;
			if (state.refreshDisabled || !valid(state.refreshTokens, token) || (header && bodyToken && header !== bodyToken)) {
				return send(res, 403, envelope('ApiInvalidTokenError', 'Invalid refresh token'));
			}
			state.refreshTokens.get(token as string)!.revoked = true;
			return send(res, 200, { success: true, data: issueTokens() });
		}

		const auth = headers.authorization as string | undefined;
		if (!valid(state.accessTokens, auth)) return invalidToken(res);

		const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
		if (method === 'GET' && path === '/v1/licenses') return send(res, 200, { success: true, data: state.licenses });
		if (method === 'GET' && path === '/v1/me') return send(res, 200, { success: true, data: { id: 4242, email: state.account.email } });
		if (method === 'GET' && path === '/v1/callbackUrls') {
			const data = [...state.callbackUrls.entries()].map(([key, value]) => {
				const [licenseId, messengerType] = key.split('/');
				return { licenseId: Number(licenseId), messengerType, events: value.events, url: value.url };
			});
			return send(res, 200, { success: true, data });
		}

		// /v1/licenses/{L}/messengers/{M}/...
		if (segments[0] === 'v1' && segments[1] === 'licenses' && segments[3] === 'messengers' && segments.length >= 5) {
			const licenseId = segments[2];
			const messengerType = segments[4];
			if (!license(licenseId)) return send(res, 404, envelope('ApiNotFoundError', `License ${licenseId} not found`));
			if (!hasMessenger(licenseId, messengerType)) {
				return send(res, 403, envelope('ApiAccessDeniedError', `Messenger ${messengerType} is not connected to license ${licenseId}`));
			}
			const key = `${licenseId}/${messengerType}`;
			const rest = segments.slice(5);
			if (rest[0] === 'callbackUrl' && rest.length === 1) {
				if (method === 'PUT') {
					const body = (record.json ?? {}) as { url?: unknown; events?: unknown };
					if (typeof body.url !== 'string' || !Array.isArray(body.events)) {
						return send(res, 422, envelope('ApiValidationError', 'url and events are required'));
					}
					state.callbackUrls.set(key, { url: body.url, events: body.events.map(String) });
					return send(res, 200, { success: true });
				}
				if (method === 'DELETE') {
					if (!state.callbackUrls.has(key)) return send(res, 404, envelope('ApiNotFoundError', 'Callback URL not set'));
					state.callbackUrls.delete(key);
					return send(res, 200, { success: true });
				}
			}
			if (rest[0] === 'templates' && rest.length === 1 && method === 'GET') {
				return send(res, 200, { success: true, data: { items: state.templates.get(key) ?? [], nextPage: null } });
			}
			if (rest[0] === 'chats' && rest.length === 1 && method === 'POST') {
				// Group creation as public ChatApp clients send it (docs/reference/chatapp-api.md §6).
				const body = (record.json ?? {}) as { type?: unknown; participantsType?: unknown; participantsItems?: unknown };
				const items = Array.isArray(body.participantsItems) ? (body.participantsItems as Array<{ value?: unknown }>) : [];
				if (body.type !== 'group' || body.participantsType !== 'phone' || items.length === 0 || !items.every((p) => typeof p?.value === 'string' && /^\d{7,15}$/.test(p.value))) {
					return send(res, 422, envelope('ApiValidationError', 'type=group, participantsType=phone and participantsItems[].value (phone numbers) are required'));
				}
				const group = { id: `group-${randomBytes(5).toString('hex')}`, type: 'group', name: (record.json as { name?: unknown }).name ?? null, participants: items.map((p) => p.value) };
				state.chats.set(key, [...(state.chats.get(key) ?? []), group]);
				return send(res, 200, { success: true, data: group });
			}
			if (rest[0] === 'chats' && rest.length === 1 && method === 'GET') {
				return send(res, 200, { success: true, data: page(state.chats.get(key) ?? [], query) });
			}
			if (rest[0] === 'chats' && rest.length >= 2) {
				const chatId = rest[1];
				const chatKey = `${key}/${chatId}`;
				const tail = rest.slice(2).join('/');
				if (tail === 'read' && method === 'PATCH') {
					state.readChats.push(chatKey);
					return send(res, 200, { success: true, data: {} });
				}
				if (tail === 'messages' && method === 'GET') {
					return send(res, 200, { success: true, data: page(state.messages.get(chatKey) ?? [], query) });
				}
				if (tail === 'messages/text' && method === 'POST') {
					const body = (record.json ?? {}) as Record<string, unknown>;
					if (typeof body.text !== 'string' || body.text === '') {
						return send(res, 422, envelope('ApiValidationError', 'The text field is required.'));
					}
					state.sentTexts.push({ licenseId, messengerType, chatId, body });
					return send(res, 200, { success: true, data: { id: `BAE5${randomBytes(6).toString('hex').toUpperCase()}`, chatId } });
				}
				if (tail === 'messages/file' && method === 'POST') {
					const contentType = String(headers['content-type'] ?? '');
					if (!contentType.startsWith('multipart/form-data')) {
						return send(res, 422, envelope('ApiValidationError', 'multipart/form-data expected'));
					}
					const fields = parseMultipart(record.rawBody, contentType);
					if (!fields.some((f) => f.name === 'file' && f.fileName)) {
						return send(res, 422, envelope('ApiValidationError', 'The file field is required.'));
					}
					state.sentFiles.push({ licenseId, messengerType, chatId, fields, authorization: auth });
					return send(res, 200, { success: true, data: { id: `BAE5${randomBytes(6).toString('hex').toUpperCase()}`, chatId } });
				}
				if (tail === 'messages/template' && method === 'POST') {
					const body = (record.json ?? {}) as Record<string, unknown>;
					const template = body.template as Record<string, unknown> | undefined;
					if (!template?.id) return send(res, 422, envelope('ApiValidationError', 'template.id is required'));
					if (messengerType !== 'caWhatsApp') {
						return send(res, 400, envelope('ApiWrongMessengerError', 'Templates are only available for WhatsApp Cloud API'));
					}
					state.sentTemplates.push({ licenseId, messengerType, chatId, body });
					return send(res, 200, { success: true, data: { id: `wamid.${randomBytes(6).toString('hex')}`, chatId } });
				}
			}
		}
		return send(res, 404, '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
	}

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks);
			const url = req.url ?? '/';
			const parsed = new URL(url, 'http://127.0.0.1');
			const record: RecordedRequest = {
				method: req.method ?? 'GET',
				url,
				path: parsed.pathname,
				query: Object.fromEntries(parsed.searchParams),
				headers: req.headers,
				rawBody,
			};
			if (String(req.headers['content-type'] ?? '').includes('application/json') && rawBody.length) {
				try {
					record.json = JSON.parse(rawBody.toString('utf8'));
				} catch {
					record.json = undefined;
				}
			}
			state.requests.push(record);
			handle(req, res, record).catch((error: Error) => send(res, 500, envelope('ApiServerError', error.message)));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url,
		state,
		expireAccessTokens() {
			for (const record of state.accessTokens.values()) record.revoked = true;
		},
		killRefreshTokens() {
			for (const record of state.refreshTokens.values()) record.revoked = true;
		},
		failNext(path, status, body, options = {}) {
			state.failures.push({ path, status, body, method: options.method, times: options.times ?? 1, headers: options.headers });
		},
		calls(path, method) {
			return state.requests.filter((r) => {
				const decoded = r.path.split('/').map(decodeURIComponent).join('/');
				return path.test(decoded) && (!method || r.method === method) && !r.path.startsWith('/v1/tokens');
			});
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
