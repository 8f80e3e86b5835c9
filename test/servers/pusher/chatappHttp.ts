import type { IncomingMessage, ServerResponse } from 'http';

import type { ListPagingStyle } from '../chatapp/listPaging';
import { pageList } from '../chatapp/listPaging';

import type { PusherProtocolServer } from './pusherServer';

/**
 * The slice of ChatApp's HTTP API the realtime trigger touches (docs/reference/chatapp-api.md
 * §2, §3, §5): tokens make/refresh/check, the licenses list, and the Laravel-style
 * `/broadcasting/auth` endpoint that checks the raw `Authorization` access token and
 * signs with the official `pusher` library (through the socket server's `lib`).
 */
export interface ChatAppAccount {
	email: string;
	password: string;
	appId: string;
	cabinetUserId: number;
}

export interface RecordedRequest {
	method: string;
	path: string;
	authorization?: string;
	contentType?: string;
	body: string;
}

export const TEST_LICENSES = [
	{
		licenseId: 1229,
		licenseName: 'Main office',
		licenseTo: 1893456000,
		meOwner: true,
		status: { id: 1, code: 'paid' },
		messenger: [
			{ type: 'grWhatsApp', name: '[WEB] WhatsApp' },
			{ type: 'telegram', name: 'Telegram' },
		],
		app: [],
		access: [],
	},
	{
		licenseId: 1300,
		licenseName: 'Support',
		licenseTo: 1893456000,
		meOwner: true,
		status: { id: 1, code: 'paid' },
		messenger: [{ type: 'caWhatsApp', name: 'WhatsApp Cloud API' }],
		app: [],
		access: [],
	},
];

export class ChatAppHttpFake {
	readonly requests: RecordedRequest[] = [];
	readonly validAccess = new Set<string>();
	readonly validRefresh = new Set<string>();
	/** Every token ever issued (for "no secret leaks" assertions). */
	readonly issued: string[] = [];
	private counter = 0;
	/** When set, /broadcasting/auth answers this status whatever the token (e.g. 403 for a forbidden account). */
	forceAuthStatus: number | undefined;
	/** When > 0, that many next /broadcasting/auth answers sign with a wrong secret. */
	badSignatures = 0;
	/** Channels the account may not join (403 from /broadcasting/auth). */
	readonly forbiddenChannels = new Set<string>();
	/** Answers /broadcasting/auth gives before anything else, first in first out. */
	readonly queuedAuthAnswers: Array<{ status: number; body: unknown }> = [];
	/** Status for an invalid token on /broadcasting/auth (Laravel's default is 403). */
	invalidTokenStatus = 403;
	/** When true, /broadcasting/auth never answers. */
	hangAuth = false;
	/** Hung /broadcasting/auth requests and whether their connection has been closed (by the client). */
	readonly hung: Array<{ closed: boolean }> = [];

	/** `${licenseId}/${messengerType}` → chats, most recent activity first (for the realtime catch-up). */
	readonly chats = new Map<string, Array<{ id: string; lastTime: number }>>();
	/** `${licenseId}/${messengerType}/${chatId}` → messages, newest first. */
	readonly messages = new Map<string, Array<Record<string, unknown>>>();
	pagingStyle: ListPagingStyle = 'nextPage';
	private internalIds = 0;

	/** Stores a message as ChatApp would (chat activity updated) and returns it, e.g. to publish it too. */
	storeMessage(licenseId: number, messengerType: string, chatId: string, fields: Record<string, unknown> = {}) {
		const key = `${licenseId}/${messengerType}`;
		const time = Math.floor(Date.now() / 1000);
		this.internalIds++;
		const message = { id: `BAE5${this.internalIds}`, internalId: this.internalIds, time, side: 'in', type: 'text', message: { text: `m${this.internalIds}` }, ...fields };
		const list = this.messages.get(`${key}/${chatId}`) ?? [];
		list.unshift(message);
		this.messages.set(`${key}/${chatId}`, list);
		const chats = (this.chats.get(key) ?? []).filter((c) => c.id !== chatId);
		chats.unshift({ id: chatId, lastTime: Number(message.time) });
		this.chats.set(key, chats);
		return message;
	}

	constructor(
		readonly account: ChatAppAccount,
		private readonly socket: PusherProtocolServer,
	) {}

	/** Issues a pair as tokens.make would, e.g. to seed a credential that is already logged in. */
	issueTokens() {
		this.counter++;
		const accessToken = `$2y$10$access.${this.counter}.${Math.random().toString(36).slice(2)}`;
		const refreshToken = `$2y$10$refresh.${this.counter}.${Math.random().toString(36).slice(2)}`;
		this.validAccess.add(accessToken);
		this.validRefresh.add(refreshToken);
		this.issued.push(accessToken, refreshToken);
		const now = Math.floor(Date.now() / 1000);
		return {
			cabinetUserId: this.account.cabinetUserId,
			accessToken,
			accessTokenEndTime: now + 86400,
			refreshToken,
			refreshTokenEndTime: now + 14 * 86400,
		};
	}

	/** Every access token stops working, as after its 24 h lifetime. */
	expireAccessTokens() {
		this.validAccess.clear();
	}

	count(path: string, method?: string): number {
		return this.requests.filter((r) => r.path === path && (!method || r.method === method)).length;
	}

	handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const authorization = req.headers.authorization;
			this.requests.push({
				method: req.method ?? 'GET',
				path: url.pathname,
				authorization,
				contentType: req.headers['content-type'],
				body,
			});
			const route = `${req.method} ${url.pathname}`;
			const fields = parseBody(body, req.headers['content-type']);
			switch (route) {
				case 'POST /v1/tokens': {
					const a = this.account;
					if (fields.email === a.email && fields.password === a.password && fields.appId === a.appId) {
						return json(res, 200, { success: true, data: this.issueTokens() });
					}
					return json(res, 401, { success: false, error: { code: 'ApiAuthError', message: 'Wrong email, password or appId' } });
				}
				case 'POST /v1/tokens/refresh': {
					const refresh = String(req.headers.refresh ?? fields.refreshToken ?? '');
					if (!this.validRefresh.has(refresh)) {
						return json(res, 403, { success: false, error: { code: 'ApiInvalidTokenError', message: 'Invalid refresh token' } });
					}
					this.validRefresh.delete(refresh);
					return json(res, 200, { success: true, data: this.issueTokens() });
				}
				case 'GET /v1/tokens/check':
				case 'GET /v1/licenses':
				case 'GET /v1/me': {
					if (!authorization || !this.validAccess.has(authorization)) {
						return json(res, 401, { success: false, error: { code: 'ApiInvalidTokenError', message: 'Invalid token' } });
					}
					if (route === 'GET /v1/licenses') return json(res, 200, { success: true, data: TEST_LICENSES });
					if (route === 'GET /v1/me') return json(res, 200, { success: true, data: { id: this.account.cabinetUserId } });
					return json(res, 200, { success: true, data: {} });
				}
				case 'POST /broadcasting/auth': {
					if (this.hangAuth) {
						const record = { closed: false };
						this.hung.push(record);
						res.on('close', () => (record.closed = true));
						return;
					}
					const queued = this.queuedAuthAnswers.shift();
					if (queued) return json(res, queued.status, queued.body);
					if (this.forceAuthStatus !== undefined) {
						return json(res, this.forceAuthStatus, { message: 'Forced failure' });
					}
					if (!authorization || !this.validAccess.has(authorization)) {
						return json(res, this.invalidTokenStatus, { message: 'Unauthenticated.' });
					}
					const socketId = String(fields.socket_id ?? '');
					const channel = String(fields.channel_name ?? '');
					if (this.forbiddenChannels.has(channel)) return json(res, 403, { message: 'This action is unauthorized.' });
					try {
						const signed = this.socket.lib.authorizeChannel(socketId, channel);
						if (this.badSignatures > 0) {
							this.badSignatures--;
							return json(res, 200, { auth: `${this.socket.options.appKey}:${'0'.repeat(64)}` });
						}
						return json(res, 200, signed);
					} catch (error) {
						return json(res, 422, { message: (error as Error).message });
					}
				}
				default: {
					const list = /^\/v1\/licenses\/([^/]+)\/messengers\/([^/]+)\/chats(?:\/([^/]+)\/messages)?$/.exec(url.pathname);
					if (req.method === 'GET' && list) {
						if (!authorization || !this.validAccess.has(authorization)) {
							return json(res, 401, { success: false, error: { code: 'ApiInvalidTokenError', message: 'Invalid token' } });
						}
						const key = `${list[1]}/${list[2]}`;
						const query = Object.fromEntries(url.searchParams);
						const stored = list[3] ? (this.messages.get(`${key}/${decodeURIComponent(list[3])}`) ?? []) : (this.chats.get(key) ?? []);
						return json(res, 200, { success: true, data: pageList(stored as Array<Record<string, unknown>>, query, this.pagingStyle) });
					}
					return json(res, 404, { success: false, error: { code: 'ApiNotFoundError', message: 'Not found' } });
				}
			}
		});
	}
}

function parseBody(body: string, contentType: string | undefined): Record<string, unknown> {
	if (!body) return {};
	if (contentType?.includes('application/json')) {
		try {
			return JSON.parse(body) as Record<string, unknown>;
		} catch {
			return {};
		}
	}
	return Object.fromEntries(new URLSearchParams(body));
}

function json(res: ServerResponse, status: number, body: unknown) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}
