import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { ChatwootContract, specHeader } from '../../contract/openapi';
import { parseBody, readRaw, type UploadedFile } from './http';
import { registerDefaultHandlers } from './handlers';
import { ChatwootState } from './state';

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, unknown>;
	headers: IncomingMessage['headers'];
	contentType: string;
	rawBody: Buffer;
	body: unknown;
	files: UploadedFile[];
	/** Contract violations found in this request (empty when it conforms). */
	violations: string[];
}

export interface Reply {
	/** Drop the TCP connection without answering (a dead proxy or a crashed worker). */
	destroy?: boolean;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Handler = (
	request: RecordedRequest,
	params: Record<string, string>,
	server: FakeChatwoot,
) => Reply | Promise<Reply>;

interface RouteEntry {
	/** Default handlers rank below test overrides; among equals, literal paths beat parameters. */
	isDefault: boolean;
	literalSegments: number;
	method: string;
	regex: RegExp;
	names: string[];
	handler: Handler;
	once: boolean;
}

/** Endpoints Chatwoot opens to agent-bot tokens (BOT_ACCESSIBLE_ENDPOINTS). */
const BOT_ROUTES: Array<[string, RegExp]> = [
	['GET', /^\/api\/v1\/accounts\/\d+\/conversations\/\d+$/],
	['POST', /^\/api\/v1\/accounts\/\d+\/conversations\/\d+\/(toggle_status|toggle_typing_status|toggle_priority|custom_attributes|messages|assignments|labels)$/],
	['GET', /^\/api\/v1\/accounts\/\d+\/conversations\/\d+\/labels$/],
	['POST', /^\/api\/v1\/accounts\/\d+\/conversations$/],
	['PATCH', /^\/api\/v1\/accounts\/\d+\/conversations\/\d+$/],
];

/** The access token as Chatwoot reads it (Rack's HTTP_API_ACCESS_TOKEN: `Api-Access-Token` or `api_access_token`). */
export function accessTokenOf(headers: IncomingMessage['headers']): string | undefined {
	return specHeader(headers, 'api_access_token');
}

export interface FakeChatwootOptions {
	token?: string;
	botToken?: string;
	/** A Platform App's token (PlatformController), for /platform/api/v1. */
	platformToken?: string;
	/** Validate every request against the OpenAPI contract (default true). */
	validateContract?: boolean;
}

let sharedContract: ChatwootContract | undefined;

/**
 * A Chatwoot-like HTTP server on 127.0.0.1 for tests: Chatwoot's auth and error
 * bodies, realistic stateful handlers for the endpoints this package uses, every
 * request recorded and checked against Chatwoot's OpenAPI contract. Tests override
 * or inject failures with `route()` / `once()`.
 */
export class FakeChatwoot {
	readonly token: string;
	readonly botToken: string;
	readonly platformToken: string;
	/** The account of the agent bot that owns `botToken`. */
	botAccountId = 1;
	readonly requests: RecordedRequest[] = [];
	readonly state = new ChatwootState();
	url = '';
	private readonly routes: RouteEntry[] = [];
	private server?: Server;
	private readonly contract?: ChatwootContract;
	private registeringDefaults = false;

	private constructor(options: FakeChatwootOptions) {
		this.token = options.token ?? 'cw-user-token-0123456789';
		this.botToken = options.botToken ?? 'cw-bot-token-9876543210';
		this.platformToken = options.platformToken ?? 'cw-platform-app-token-5555';
		if (options.validateContract !== false) {
			sharedContract ??= new ChatwootContract();
			this.contract = sharedContract;
		}
		this.registeringDefaults = true;
		registerDefaultHandlers(this);
		this.registeringDefaults = false;
	}

	static async start(options: FakeChatwootOptions = {}): Promise<FakeChatwoot> {
		const fake = new FakeChatwoot(options);
		fake.server = createServer((req, res) => void fake.handle(req, res));
		await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
		fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
		return fake;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/** Adds a handler; later routes win over earlier ones (defaults come first). */
	route(method: string, template: string, handler: Handler) {
		this.addRoute(method, template, handler, false);
	}

	/** A handler used for the next matching request only (error injection). */
	once(method: string, template: string, handler: Handler) {
		this.addRoute(method, template, handler, true);
	}

	/** Every contract violation seen so far, one line each. */
	get violations(): string[] {
		return this.requests.flatMap((r) => r.violations);
	}

	/** Requests other than the ones matching `ignore` (default: the profile lookups). */
	calls(filter?: { method?: string; path?: RegExp | string }): RecordedRequest[] {
		return this.requests.filter(
			(r) =>
				(!filter?.method || r.method === filter.method) &&
				(!filter?.path || (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))),
		);
	}

	/**
	 * A Chatwoot API credential for this server, with the Token Kind the editor saves by
	 * default: n8n 1.x's public API otherwise demands the fields shown only for bots.
	 */
	credentials(overrides: Record<string, string | number> = {}) {
		return { baseUrl: this.url, kind: 'user', accessToken: this.token, ...overrides };
	}

	/** A Chatwoot Platform API credential for this server. */
	platformCredentials(overrides: Record<string, string> = {}) {
		return { baseUrl: this.url, accessToken: this.platformToken, ...overrides };
	}

	private addRoute(method: string, template: string, handler: Handler, once: boolean) {
		const names: string[] = [];
		const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		const literalSegments = template.split('/').filter((s) => s && !s.startsWith(':')).length;
		this.routes.unshift({
			isDefault: this.registeringDefaults,
			literalSegments,
			method: method.toUpperCase(),
			regex: new RegExp(`^${pattern}/?$`),
			names,
			handler,
			once,
		});
		// Overrides first (newest first), then defaults with the most literal segments first.
		this.routes.sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || (a.isDefault ? b.literalSegments - a.literalSegments : 0));
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const raw = await readRaw(req);
		const contentType = String(req.headers['content-type'] ?? '');
		let parsed: ReturnType<typeof parseBody>;
		try {
			parsed = parseBody(raw, contentType);
		} catch {
			return this.send(res, { status: 400, body: { error: 'Malformed request body' } });
		}
		const query: Record<string, unknown> = {};
		for (const [key, value] of url.searchParams) {
			if (key.endsWith('[]')) {
				const name = key.slice(0, -2);
				query[name] = [...((query[name] as unknown[]) ?? []), value];
			} else query[key] = value;
		}
		const recorded: RecordedRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query,
			headers: req.headers,
			contentType: parsed.contentType,
			rawBody: raw,
			body: parsed.body,
			files: parsed.files,
			violations: [],
		};
		if (this.contract) {
			recorded.violations = this.contract.validate({
				method: recorded.method,
				path: recorded.path,
				query: recorded.query,
				headers: recorded.headers,
				contentType: recorded.contentType,
				body: recorded.body,
			});
		}
		this.requests.push(recorded);

		const denied = this.authorize(recorded);
		if (denied) return this.send(res, denied);

		for (const route of this.routes) {
			if (route.method !== recorded.method) continue;
			const match = route.regex.exec(recorded.path);
			if (!match) continue;
			if (route.once) this.routes.splice(this.routes.indexOf(route), 1);
			const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
			try {
				return this.send(res, await route.handler(recorded, params, this));
			} catch (error) {
				return this.send(res, { status: 500, body: { error: (error as Error).message } });
			}
		}
		// Rails answers unknown routes with an HTML page.
		return this.send(res, {
			status: 404,
			headers: { 'content-type': 'text/html; charset=utf-8' },
			body: "<!DOCTYPE html><html><head><title>The page you were looking for doesn't exist (404)</title></head><body></body></html>",
		});
	}

	private authorize(request: RecordedRequest): Reply | undefined {
		if (!request.path.startsWith('/api/') && !request.path.startsWith('/platform/')) return undefined;
		const token = accessTokenOf(request.headers);
		// PlatformController#set_platform_app: only a platform app's token, else 401 "Invalid access_token".
		if (request.path.startsWith('/platform/')) return token === this.platformToken ? undefined : { status: 401, body: { error: 'Invalid access_token' } };
		if (!token) return { status: 401, body: { errors: ['You need to sign in or sign up before continuing.'] } };
		if (token === this.botToken) {
			if (!BOT_ROUTES.some(([m, r]) => m === request.method && r.test(request.path))) {
				return { status: 401, body: { error: 'Access to this endpoint is not authorized for bots' } };
			}
		} else if (token !== this.token) {
			return { status: 401, body: { error: 'Invalid Access Token' } };
		}
		const account = /^\/api\/v1\/accounts\/([^/]+)/.exec(request.path);
		// EnsureCurrentAccountHelper: Account.find (404), then the bot's own account (account_accessible_for_bot?).
		if (account && token === this.botToken && this.state.accounts.some((a) => String(a.id) === account[1]) && account[1] !== String(this.botAccountId)) {
			return { status: 401, body: { error: 'Bot is not authorized to access this account' } };
		}
		if (account && !this.state.accounts.some((a) => String(a.id) === account[1])) {
			return { status: 401, body: { error: 'You are not authorized to access this account' } };
		}
		return undefined;
	}

	private send(res: ServerResponse, reply: Reply) {
		if (reply.destroy) {
			res.socket?.destroy();
			return;
		}
		const status = reply.status ?? 200;
		const headers = { ...(reply.headers ?? {}) };
		let payload = '';
		if (reply.body !== undefined) {
			if (typeof reply.body === 'string') {
				payload = reply.body;
				headers['content-type'] ??= 'text/plain; charset=utf-8';
			} else {
				payload = JSON.stringify(reply.body);
				headers['content-type'] ??= 'application/json; charset=utf-8';
			}
		}
		res.writeHead(status, headers);
		res.end(payload);
	}
}
