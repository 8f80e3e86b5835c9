import type { FakeChatwoot, RecordedRequest, Reply } from '../server';
import type { Row } from '../state';

import { body, NOT_FOUND, num, page } from './common';
import { invalid, registerCrud } from './crud';

const UNAUTHORIZED: Reply = { status: 401, body: { error: 'You are not authorized to do this action' } };

/** The profile, the account, its agents, teams and audit logs (Chatwoot 4.15.1 controllers and views named below). */
export function registerAccount(fake: FakeChatwoot) {
	const { state } = fake;
	const A = '/api/v1/accounts/:account_id';
	const admin = (accountId: string) => (state.role(num(accountId)) === 'administrator' ? undefined : UNAUTHORIZED);

	// api/v1/models/_user.json.jbuilder: carries access_token and pubsub_token.
	const profile = () => ({
		...state.user,
		accounts: state.accounts.map((a) => ({ id: a.id, name: a.name, status: a.status, role: a.role, active_at: null, availability: 'online', availability_status: 'online', auto_offline: true, permissions: [] })),
	});
	fake.route('GET', '/api/v1/profile', () => ({ body: profile() }));
	// ProfilesController#update: params.require(:profile); phone_number goes into custom_attributes.
	fake.route('PUT', '/api/v1/profile', (request) => {
		const fields = (body(request).profile ?? undefined) as Row | undefined;
		if (!fields) return { status: 422, body: { error: 'param is missing or the value is empty: profile' } };
		for (const key of ['email', 'name', 'display_name', 'message_signature', 'ui_settings']) if (key in fields) state.user[key] = fields[key];
		if ('phone_number' in fields) state.user.custom_attributes = { ...(state.user.custom_attributes as Row), phone_number: fields.phone_number };
		return { body: profile() };
	});

	// AccountsController#show/update and api/v1/models/_account.json.jbuilder.
	const accountView = (a: Row) => ({ id: a.id, name: a.name, locale: a.locale, domain: a.domain, support_email: a.support_email, status: a.status, features: a.features, settings: a.settings, custom_attributes: a.custom_attributes, cache_keys: {}, created_at: '2025-11-21T10:00:00.000Z' });
	const account = (id: string) => state.accounts.find((a) => a.id === num(id))!;
	fake.route('GET', A, (_r, { account_id }) => ({ body: { ...accountView(account(account_id)), latest_chatwoot_version: '4.15.1' } }));
	fake.route('PATCH', A, (request, { account_id }) => {
		const refused = admin(account_id);
		if (refused) return refused;
		const a = account(account_id);
		const fields = body(request);
		for (const key of ['name', 'locale', 'domain', 'support_email']) if (key in fields) a[key] = fields[key];
		for (const key of ['industry', 'company_size', 'timezone']) if (key in fields) (a.custom_attributes as Row)[key] = fields[key];
		for (const key of ['auto_resolve_after', 'auto_resolve_message', 'auto_resolve_ignore_waiting']) if (key in fields) (a.settings as Row)[key] = fields[key];
		const after = (a.settings as Row).auto_resolve_after;
		if (after !== undefined && after !== null && (Number(after) < 10 || Number(after) > 1439856)) return invalid('auto_resolve_after', 'must be between 10 and 1439856');
		return { body: accountView(a) };
	});

	// AgentsController: index/create/update/destroy, api/v1/models/_agent.json.jbuilder.
	const agentsOf = (accountId: string) => state.agents.filter((a) => a.account_id === num(accountId));
	fake.route('GET', `${A}/agents`, (_r, { account_id }) => ({ body: agentsOf(account_id) }));
	fake.route('POST', `${A}/agents`, (request, { account_id }) => {
		const refused = admin(account_id);
		if (refused) return refused;
		const fields = ((body(request).agent as Row | undefined) ?? body(request)) as Row;
		if (!/^[^@\s]+@[^@\s]+$/.test(String(fields.email ?? ''))) return invalid('email', 'is invalid');
		if (agentsOf(account_id).some((a) => a.email === fields.email)) return invalid('email', 'has already been taken');
		const agent: Row = {
			id: state.nextId('user'),
			account_id: num(account_id),
			name: fields.name,
			available_name: fields.name,
			email: fields.email,
			role: fields.role ?? 'agent',
			availability_status: fields.availability ?? 'online',
			auto_offline: fields.auto_offline ?? true,
			confirmed: false,
			provider: 'email',
			thumbnail: '',
		};
		state.agents.push(agent);
		return { body: agent };
	});
	const findAgent = (account_id: string, id: string) => agentsOf(account_id).find((a) => a.id === num(id));
	fake.route('PATCH', `${A}/agents/:id`, (request, { account_id, id }) => {
		const refused = admin(account_id);
		if (refused) return refused;
		const agent = findAgent(account_id, id);
		if (!agent) return NOT_FOUND;
		const fields = ((body(request).agent as Row | undefined) ?? body(request)) as Row;
		// update!(agent_params.slice(:name).compact) and the account user's role, availability, auto_offline.
		if (fields.name) agent.name = agent.available_name = fields.name;
		if (fields.role) agent.role = fields.role;
		if (fields.availability) agent.availability_status = fields.availability;
		if (fields.auto_offline !== undefined && fields.auto_offline !== null) agent.auto_offline = fields.auto_offline;
		return { body: agent };
	});
	fake.route('DELETE', `${A}/agents/:id`, (_r, { account_id, id }) => {
		const refused = admin(account_id);
		if (refused) return refused;
		const agent = findAgent(account_id, id);
		if (!agent) return NOT_FOUND;
		state.agents.splice(state.agents.indexOf(agent), 1);
		return { status: 200 };
	});

	// TeamsController (team params, Team downcases the name) and TeamMembersController.
	registerCrud(fake, {
		path: '/teams',
		rows: () => state.teams,
		actions: ['index', 'show', 'create', 'update', 'destroy'],
		wrap: 'team',
		permit: ['name', 'description', 'allow_auto_assign'],
		required: ['name'],
		unique: 'name',
		admin: ['create', 'update', 'destroy'],
		view: (t) => ({ id: t.id, name: t.name, description: t.description ?? null, allow_auto_assign: t.allow_auto_assign ?? true, account_id: t.account_id, is_member: (state.teamMembers[num(t.id)] ?? []).includes(num(state.user.id)) }),
		prepare(fields) {
			if (typeof fields.name === 'string') fields.name = fields.name.toLowerCase();
			return undefined;
		},
	});
	const team = (account_id: string, id: string) => state.teams.find((t) => t.account_id === num(account_id) && t.id === num(id));
	const members = (teamId: number) => (state.teamMembers[teamId] ?? []).map((uid) => state.agents.find((a) => a.id === uid)).filter(Boolean);
	const changeMembers = (request: RecordedRequest, { account_id, team_id }: Record<string, string>, apply: (current: number[], ids: number[]) => number[], answer: (before: number[]) => unknown): Reply => {
		const t = team(account_id, team_id);
		if (!t) return NOT_FOUND;
		const refused = admin(account_id);
		if (refused) return refused;
		const ids = ((body(request).user_ids as unknown[]) ?? []).map(num);
		// validate_member_id_params: users of other accounts → 401 "Invalid User IDs".
		if (ids.some((uid) => !agentsOf(account_id).some((a) => a.id === uid))) return { status: 401, body: { error: 'Invalid User IDs' } };
		const before = state.teamMembers[num(t.id)] ?? [];
		state.teamMembers[num(t.id)] = apply(before, ids);
		return { body: answer(before) };
	};
	fake.route('GET', `${A}/teams/:team_id/team_members`, (_r, { account_id, team_id }) => {
		const t = team(account_id, team_id);
		return t ? { body: members(num(t.id)) } : NOT_FOUND;
	});
	// create renders the members it added; update renders all members.
	fake.route('POST', `${A}/teams/:team_id/team_members`, (request, params) =>
		changeMembers(request, params, (current, ids) => [...new Set([...current, ...ids])], (before) => members(num(params.team_id)).filter((a) => !before.includes(num(a!.id)))),
	);
	fake.route('PATCH', `${A}/teams/:team_id/team_members`, (request, params) => changeMembers(request, params, (_current, ids) => [...new Set(ids)], () => members(num(params.team_id))));
	fake.route('DELETE', `${A}/teams/:team_id/team_members`, (request, params) => {
		const reply = changeMembers(request, params, (current, ids) => current.filter((uid) => !ids.includes(uid)), () => undefined);
		return reply.status ? reply : { status: 200 };
	});

	// AuditLogsController#show (Enterprise): administrators, 25 per page, newest first; nothing without the feature.
	fake.route('GET', `${A}/audit_logs`, (request, { account_id }) => {
		const refused = admin(account_id);
		if (refused) return refused;
		const enabled = (account(account_id).features as Row | undefined)?.audit_logs === true;
		const rows = enabled ? state.auditLogs.filter((l) => l.associated_id === num(account_id)).sort((a, b) => num(b.created_at) - num(a.created_at)) : [];
		const p = page(request);
		return { body: { per_page: 25, total_entries: rows.length, current_page: p, audit_logs: rows.slice((p - 1) * 25, p * 25) } };
	});
}
