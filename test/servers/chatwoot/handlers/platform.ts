import type { FakeChatwoot, RecordedRequest, Reply } from '../server';
import type { Row } from '../state';

import { body, num } from './common';

/*
 * Chatwoot 4.15.1 (release merge 97bb8ecd3) Platform API: app/controllers/platform_controller.rb and
 * app/controllers/platform/api/v1/{accounts,users,account_users,agent_bots}_controller.rb, views
 * app/views/platform/api/v1/models/_{account,user,agent_bot}.json.jbuilder. A platform app reaches
 * only what it created (platform_app_permissibles): anything else is 401 "Non permissible resource".
 */

interface Platform {
	users: Row[];
	bots: Row[];
	/** `Account:1`, `User:3`, `AgentBot:2` */
	permissibles: Set<string>;
	/** account id → [{user_id, role}] */
	members: Map<number, Row[]>;
}

const platforms = new WeakMap<FakeChatwoot, Platform>();

/** The fake's platform-app data (tests add records the app did not create to `users`/`bots` without a permissible). */
export function platformOf(fake: FakeChatwoot): Platform {
	if (!platforms.has(fake)) platforms.set(fake, { users: [], bots: [], permissibles: new Set(), members: new Map() });
	return platforms.get(fake)!;
}

const NON_PERMISSIBLE: Reply = { status: 401, body: { error: 'Non permissible resource' } };
const notFound = (model: string, id: unknown): Reply => ({ status: 404, body: { error: `Couldn't find ${model} with 'id'=${String(id)}` } });
const invalid = (message: string): Reply => ({ status: 422, body: { message, attributes: [message.split(' ')[0].toLowerCase()] } });

function permit(source: Row, keys: string[]): Row {
	return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}

/** Devise validatable + devise-secure_password (config/initializers/secure_password.rb, devise.rb 6..128). */
function passwordProblem(password: unknown): string | undefined {
	const p = String(password ?? '');
	if (p === '') return "Password can't be blank";
	if (p.length < 6) return 'Password is too short (minimum is 6 characters)';
	if (!/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/\d/.test(p) || !/[^A-Za-z0-9]/.test(p)) return 'Password must contain at least 1 uppercase, 1 lowercase, 1 number and 1 special character';
	return undefined;
}

export function registerPlatform(fake: FakeChatwoot) {
	const { state } = fake;
	const P = '/platform/api/v1';
	const platform = () => platformOf(fake);
	const allowed = (model: string, id: unknown) => platform().permissibles.has(`${model}:${String(id)}`);

	const accountView = (a: Row): Row => ({ id: a.id, name: a.name, locale: a.locale ?? 'en', domain: a.domain ?? null, support_email: a.support_email ?? null, features: a.platform_features ?? {}, custom_attributes: a.custom_attributes ?? {}, limits: a.limits ?? {}, status: a.status ?? 'active' });
	const userView = (u: Row): Row => {
		const memberships = [...platform().members].flatMap(([accountId, rows]) => rows.filter((m) => m.user_id === u.id).map((m) => ({ accountId, role: m.role })));
		return {
			access_token: u.access_token, account_id: memberships[0]?.accountId ?? null, available_name: u.display_name || u.name, avatar_url: '', confirmed: true, display_name: u.display_name ?? null, message_signature: null, email: u.email, id: u.id, name: u.name, provider: 'email', pubsub_token: u.pubsub_token,
			...(u.custom_attributes && Object.keys(u.custom_attributes as Row).length ? { custom_attributes: u.custom_attributes } : {}),
			role: memberships[0]?.role ?? null, ui_settings: {}, uid: u.email,
			accounts: memberships.map((m) => ({ id: m.accountId, name: state.accounts.find((a) => a.id === m.accountId)?.name, active_at: null, role: m.role })),
		};
	};
	const botView = (b: Row): Row => ({ id: b.id, name: b.name, description: b.description ?? null, outgoing_url: b.outgoing_url ?? null, account_id: b.account_id ?? null, access_token: b.access_token });

	/** update_resource_features: a present value enables the feature, a blank one disables it. */
	const applyFeatures = (account: Row, features: unknown) => {
		if (!features || typeof features !== 'object') return;
		const current = { ...((account.platform_features as Row) ?? {}) };
		for (const [key, value] of Object.entries(features as Row)) {
			if (value === false || value === '' || value === null) delete current[key];
			else current[key] = true;
		}
		account.platform_features = current;
	};

	const ACCOUNT_KEYS = ['name', 'locale', 'domain', 'support_email', 'status', 'limits', 'custom_attributes'];

	// AccountsController
	fake.route('GET', `${P}/accounts`, () => ({ status: 200, body: state.accounts.filter((a) => allowed('Account', a.id)).map(accountView) }));
	fake.route('POST', `${P}/accounts`, (request) => {
		const params = body(request);
		if (!params.name) return invalid("Name can't be blank");
		if (params.status !== undefined && !['active', 'suspended'].includes(String(params.status))) return { status: 500, body: { error: `'${String(params.status)}' is not a valid status` } };
		const account: Row = { id: state.accounts.reduce((max, a) => Math.max(max, num(a.id)), 0) + 1, role: 'administrator', settings: {}, features: {}, ...permit(params, ACCOUNT_KEYS) };
		applyFeatures(account, params.features);
		state.accounts.push(account);
		platform().permissibles.add(`Account:${String(account.id)}`);
		return { status: 200, body: accountView(account) };
	});
	const withAccount = (handler: (account: Row, request: RecordedRequest) => Reply) => (request: RecordedRequest, params: Record<string, string>): Reply => {
		const account = state.accounts.find((a) => String(a.id) === (params.id ?? params.account_id));
		if (!account) return notFound('Account', params.id ?? params.account_id);
		if (!allowed('Account', account.id)) return NON_PERMISSIBLE;
		return handler(account, request);
	};
	fake.route('GET', `${P}/accounts/:id`, withAccount((account) => ({ status: 200, body: accountView(account) })));
	fake.route('PATCH', `${P}/accounts/:id`, withAccount((account, request) => {
		Object.assign(account, permit(body(request), ACCOUNT_KEYS));
		applyFeatures(account, body(request).features);
		return { status: 200, body: accountView(account) };
	}));
	// DeleteObjectJob.perform_later: gone once the job ran; the answer is an empty 200.
	fake.route('DELETE', `${P}/accounts/:id`, withAccount((account) => {
		state.accounts.splice(state.accounts.indexOf(account), 1);
		return { status: 200, body: '' };
	}));

	// AccountUsersController: render json: the AccountUser records.
	const memberView = (accountId: number, m: Row): Row => ({ id: m.id, account_id: accountId, user_id: m.user_id, role: m.role, inviter_id: null, created_at: '2026-05-01T10:00:00.000Z', updated_at: '2026-05-01T10:00:00.000Z', active_at: null, availability: 0, auto_offline: true, custom_role_id: null, agent_capacity_policy_id: null });
	fake.route('GET', `${P}/accounts/:account_id/account_users`, withAccount((account) => ({ status: 200, body: (platform().members.get(num(account.id)) ?? []).map((m) => memberView(num(account.id), m)) })));
	fake.route('POST', `${P}/accounts/:account_id/account_users`, withAccount((account, request) => {
		const { user_id, role } = body(request);
		if (!platform().users.some((u) => u.id === num(user_id))) return invalid('User must exist');
		if (role !== undefined && !['agent', 'administrator'].includes(String(role))) return { status: 500, body: { error: `'${String(role)}' is not a valid role` } };
		const rows = platform().members.get(num(account.id)) ?? [];
		let member = rows.find((m) => m.user_id === num(user_id));
		if (!member) rows.push((member = { id: state.nextId('record'), user_id: num(user_id), role: 'agent' }));
		if (role) member.role = role;
		platform().members.set(num(account.id), rows);
		return { status: 200, body: memberView(num(account.id), member) };
	}));
	fake.route('DELETE', `${P}/accounts/:account_id/account_users`, withAccount((account, request) => {
		const userId = num(body(request).user_id ?? request.query.user_id);
		platform().members.set(num(account.id), (platform().members.get(num(account.id)) ?? []).filter((m) => m.user_id !== userId));
		return { status: 200, body: '' };
	}));

	// UsersController: create finds an existing user by email (User.from_email) or makes one, confirmed.
	const USER_KEYS = ['name', 'display_name', 'email', 'password', 'custom_attributes'];
	fake.route('POST', `${P}/users`, (request) => {
		const params = permit(body(request), USER_KEYS);
		const existing = platform().users.find((u) => String(u.email).toLowerCase() === String(params.email ?? '').toLowerCase());
		if (existing) {
			platform().permissibles.add(`User:${String(existing.id)}`);
			return { status: 200, body: userView(existing) };
		}
		if (!params.name) return invalid("Name can't be blank");
		if (!params.email) return invalid("Email can't be blank");
		const problem = passwordProblem(params.password);
		if (problem) return invalid(problem);
		const id = state.nextId('user');
		const user: Row = { id, ...params, access_token: `user-access-token-${id}-abcdef`, pubsub_token: `user-pubsub-${id}-abcdef` };
		delete user.password;
		platform().users.push(user);
		platform().permissibles.add(`User:${id}`);
		return { status: 200, body: userView(user) };
	});
	const withUser = (handler: (user: Row, request: RecordedRequest) => Reply) => (request: RecordedRequest, { id }: Record<string, string>): Reply => {
		const user = platform().users.find((u) => String(u.id) === id);
		if (!user) return notFound('User', id);
		if (!allowed('User', user.id)) return NON_PERMISSIBLE;
		return handler(user, request);
	};
	fake.route('GET', `${P}/users/:id`, withUser((user) => ({ status: 200, body: userView(user) })));
	fake.route('GET', `${P}/users/:id/login`, withUser((user) => ({ status: 200, body: { url: `${fake.url}/app/login?email=${encodeURIComponent(String(user.email))}&sso_auth_token=${'f'.repeat(64)}` } })));
	fake.route('PATCH', `${P}/users/:id`, withUser((user, request) => {
		const params = permit(body(request), USER_KEYS);
		if (params.password !== undefined) {
			const problem = passwordProblem(params.password);
			if (problem) return invalid(problem);
			delete params.password;
		}
		// user_update_params: custom attributes merged into the stored ones.
		Object.assign(user, params, { custom_attributes: { ...((user.custom_attributes as Row) ?? {}), ...((params.custom_attributes as Row) ?? {}) } });
		return { status: 200, body: userView(user) };
	}));
	fake.route('DELETE', `${P}/users/:id`, withUser((user) => {
		platform().users.splice(platform().users.indexOf(user), 1);
		return { status: 200, body: '' };
	}));

	// AgentBotsController
	const BOT_KEYS = ['name', 'description', 'account_id', 'outgoing_url'];
	fake.route('GET', `${P}/agent_bots`, () => ({ status: 200, body: platform().bots.filter((b) => allowed('AgentBot', b.id)).map(botView) }));
	fake.route('POST', `${P}/agent_bots`, (request) => {
		const params = permit(body(request), BOT_KEYS);
		if (!params.name) return invalid("Name can't be blank");
		const id = state.nextId('agentBot');
		const bot: Row = { id, ...params, access_token: `bot-access-token-${id}-abcdef` };
		platform().bots.push(bot);
		platform().permissibles.add(`AgentBot:${id}`);
		return { status: 200, body: botView(bot) };
	});
	const withBot = (handler: (bot: Row, request: RecordedRequest) => Reply) => (request: RecordedRequest, { id }: Record<string, string>): Reply => {
		const bot = platform().bots.find((b) => String(b.id) === id);
		if (!bot) return notFound('AgentBot', id);
		if (!allowed('AgentBot', bot.id)) return NON_PERMISSIBLE;
		return handler(bot, request);
	};
	fake.route('GET', `${P}/agent_bots/:id`, withBot((bot) => ({ status: 200, body: botView(bot) })));
	fake.route('PATCH', `${P}/agent_bots/:id`, withBot((bot, request) => {
		Object.assign(bot, permit(body(request), BOT_KEYS));
		return { status: 200, body: botView(bot) };
	}));
	fake.route('DELETE', `${P}/agent_bots/:id`, withBot((bot) => {
		platform().bots.splice(platform().bots.indexOf(bot), 1);
		return { status: 200, body: '' };
	}));
}
