import { createHmac, randomBytes } from 'crypto';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

import { ACCOUNT_ID, conversationPush, INBOX_ID, nowSeconds } from './payloads';

type Json = Record<string, unknown>;

export interface RestRequest {
	method: string;
	path: string;
	query: Record<string, string>;
}

/**
 * The slice of Chatwoot's REST APIs the realtime trigger uses, with v4.15 shapes:
 * profile, conversations?updated_within (unpaged, `{data:{meta,payload}}`),
 * messages?after=/latest 20 (`{meta,payload}`), and the Client API contact calls.
 * Every response closes its socket, so nothing lingers after a test.
 */
export class FakeChatwootRest {
	readonly token = `token-${randomBytes(6).toString('hex')}`;
	readonly requests: RestRequest[] = [];
	profile: Json;
	profileStatus = 200;
	/** Delays (ms) per path prefix, to hold a response (slow server, close-during-connect). */
	delays: Array<{ prefix: string; ms?: number; until?: Promise<void> }> = [];
	readonly conversations = new Map<number, Json>();
	readonly messages = new Map<number, Json[]>();
	readonly contacts = new Map<string, Json>();
	readonly contactConversations = new Map<string, number[]>();
	inboxIdentifier = 'inbox-ident-abc';
	/** Identity validation as Public::Api::V1::Inboxes::ContactsController#process_hmac (97bb8ecd3) does it. */
	hmacToken = 'inbox-hmac-token-SECRET';
	hmacMandatory = false;
	onContactCreated: (contact: Json) => Promise<void> = async () => {};
	private nextMessageId = 5000;
	private server!: Server;
	url = '';

	constructor(userToken: string, userId = 1) {
		this.profile = {
			id: userId,
			name: 'Agent One',
			email: 'agent@example.com',
			account_id: ACCOUNT_ID,
			pubsub_token: userToken,
			accounts: [{ id: ACCOUNT_ID, name: 'Acme', role: 'administrator', status: 'active' }],
		};
	}

	static async start(userToken: string, userId = 1): Promise<FakeChatwootRest> {
		const rest = new FakeChatwootRest(userToken, userId);
		rest.server = createServer((req, res) => void rest.handle(req, res));
		await new Promise<void>((resolve) => rest.server.listen(0, '127.0.0.1', resolve));
		rest.url = `http://127.0.0.1:${(rest.server.address() as AddressInfo).port}`;
		return rest;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections?.();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Adds a conversation (touching updated_at now) and returns it. */
	upsertConversation(id: number, extra: Json = {}): Json {
		const existing = this.conversations.get(id);
		const conversation = { ...(existing ?? conversationPush(id)), ...extra, updated_at: nowSeconds() };
		this.conversations.set(id, conversation);
		if (!this.messages.has(id)) this.messages.set(id, []);
		return conversation;
	}

	/** Adds a message in REST shape (touches the conversation, as `belongs_to touch: true` does). */
	addMessage(conversationId: number, extra: Json = {}): Json {
		const id = (extra.id as number | undefined) ?? this.nextMessageId++;
		const message = {
			id,
			content: `message ${id}`,
			inbox_id: INBOX_ID,
			conversation_id: conversationId,
			status: 'sent',
			content_type: 'text',
			content_attributes: {},
			private: false,
			source_id: null,
			echo_id: null,
			message_type: 0,
			created_at: Math.floor(nowSeconds()),
			sender: { id: 7, name: 'Contact 7', type: 'contact' },
			attachments: [],
			...extra,
		};
		this.upsertConversation(conversationId);
		this.messages.get(conversationId)!.push(message);
		return message;
	}

	count(pathPrefix: string): number {
		return this.requests.filter((r) => r.path.startsWith(pathPrefix)).length;
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://x');
		const path = url.pathname;
		this.requests.push({ method: req.method ?? 'GET', path, query: Object.fromEntries(url.searchParams) });
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json) : {};
		for (const delay of this.delays.filter((d) => path.startsWith(d.prefix))) {
			if (delay.until) await delay.until;
			if (delay.ms) await new Promise((r) => setTimeout(r, delay.ms));
		}
		const send = (status: number, payload: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
			res.end(JSON.stringify(payload));
		};

		if (path.startsWith('/api/')) {
			if ((req.headers['api-access-token'] ?? req.headers.api_access_token) !== this.token) return send(401, { error: 'Invalid Access Token' });
		}
		if (path === '/api/v1/profile') {
			return this.profileStatus === 200 ? send(200, this.profile) : send(this.profileStatus, { error: 'Invalid Access Token' });
		}
		let m = /^\/api\/v1\/accounts\/(\d+)\/conversations$/.exec(path);
		if (m && req.method === 'GET') {
			const within = Number(url.searchParams.get('updated_within'));
			const status = url.searchParams.get('status') ?? 'open';
			const since = nowSeconds() - within;
			const payload = [...this.conversations.values()].filter(
				(c) => (!within || (c.updated_at as number) > since) && (status === 'all' || c.status === status),
			);
			return send(200, {
				data: { meta: { mine_count: 0, assigned_count: 0, unassigned_count: payload.length, all_count: payload.length }, payload },
			});
		}
		m = /^\/api\/v1\/accounts\/(\d+)\/conversations\/(\d+)\/messages$/.exec(path);
		if (m && req.method === 'GET') {
			const all = [...(this.messages.get(Number(m[2])) ?? [])].sort((a, b) => (a.id as number) - (b.id as number));
			const after = url.searchParams.get('after');
			const payload = after !== null ? all.filter((x) => (x.id as number) > Number(after)).slice(0, 100) : all.slice(-20);
			return send(200, { meta: { labels: [], additional_attributes: {}, contact: {}, assignee: null }, payload });
		}
		const base = `/public/api/v1/inboxes/${this.inboxIdentifier}/contacts`;
		if (path === `/public/api/v1/inboxes/${this.inboxIdentifier}` && req.method === 'GET') {
			return send(200, { identifier: this.inboxIdentifier, identity_validation_enabled: this.hmacMandatory, name: 'API inbox' });
		}
		if (path.startsWith('/public/api/v1/inboxes/') && !path.startsWith(base)) return send(404, { error: 'Inbox not found' });
		// process_hmac: before show/create/update; raises (500) on a missing hash when mandatory or a wrong one.
		if (new RegExp(`^${base}(/[^/]+)?$`).test(path)) {
			const params = { ...Object.fromEntries(url.searchParams), ...body } as Json;
			const hash = params.identifier_hash;
			if (hash || this.hmacMandatory) {
				const expected = createHmac('sha256', this.hmacToken).update(String(params.identifier ?? '')).digest('hex');
				if (hash !== expected) return send(500, { status: 500, error: 'Internal Server Error' });
			}
		}
		if (path === base && req.method === 'POST') {
			const sourceId = `src-${randomBytes(8).toString('hex')}`;
			const contact = {
				id: 40 + this.contacts.size,
				source_id: sourceId,
				pubsub_token: `ctok-${randomBytes(8).toString('hex')}`,
				name: body.name ?? null,
				email: body.email ?? null,
				phone_number: body.phone_number ?? null,
			};
			this.contacts.set(sourceId, contact);
			await this.onContactCreated(contact);
			return send(200, contact);
		}
		m = new RegExp(`^${base}/([^/]+)(/conversations(?:/(\\d+)/messages)?)?$`).exec(path);
		if (m && req.method === 'GET') {
			const contact = this.contacts.get(decodeURIComponent(m[1]));
			if (!contact) return send(404, { error: 'Resource could not be found' });
			if (!m[2]) return send(200, contact);
			const ids = this.contactConversations.get(contact.source_id as string) ?? [];
			if (!m[3]) {
				return send(
					200,
					ids.map((id) => ({ id, uuid: `uuid-${id}`, inbox_id: INBOX_ID, status: 'open', messages: [], contact: { id: contact.id } })),
				);
			}
			const list = (this.messages.get(Number(m[3])) ?? []).filter((x) => !x.private && x.message_type !== 2);
			return send(200, list.slice(-20));
		}
		send(404, { error: 'not found' });
	}
}
