import type { FakeChatwoot } from '../server';
import type { Row } from '../state';

import { body, NOT_FOUND, num } from './common';

export function registerInboxes(fake: FakeChatwoot) {
	const { state } = fake;
	const A = '/api/v1/accounts/:account_id';
	fake.route('GET', `${A}/inboxes`, (_r, { account_id }) => ({ body: { payload: state.inboxes.filter((i) => i.account_id === num(account_id)) } }));
	fake.route('GET', `${A}/inboxes/:id`, (_r, { account_id, id }) => {
		const inbox = state.inboxes.find((i) => i.account_id === num(account_id) && i.id === num(id));
		return inbox ? { body: inbox } : NOT_FOUND;
	});
	fake.route('POST', `${A}/inboxes`, (request, { account_id }) => {
		const fields = body(request);
		const channel = (fields.channel as Row) ?? {};
		if (!fields.name) return { status: 422, body: { message: "Name can't be blank", attributes: ['name'] } };
		if (!['web_widget', 'api', 'email', 'line', 'telegram', 'whatsapp', 'sms'].includes(String(channel.type))) return { status: 422, body: { error: 'Invalid channel type' } };
		const id = state.nextId('inbox');
		const inbox: Row = {
			id,
			account_id: num(account_id),
			name: fields.name,
			channel_type: 'Channel::Api',
			channel_id: id,
			inbox_identifier: `inbox-ident-${id}`,
			webhook_url: channel.webhook_url ?? '',
			hmac_mandatory: channel.hmac_mandatory ?? false,
			hmac_token: `hmac-${id}`,
			secret: `secret-${id}`,
			additional_attributes: channel.additional_attributes ?? {},
			greeting_enabled: fields.greeting_enabled ?? false,
			greeting_message: fields.greeting_message ?? null,
			enable_auto_assignment: fields.enable_auto_assignment ?? true,
			lock_to_single_conversation: fields.lock_to_single_conversation ?? false,
		};
		state.inboxes.push(inbox);
		return { body: inbox };
	});
	fake.route('PATCH', `${A}/inboxes/:id`, (request, { account_id, id }) => {
		const inbox = state.inboxes.find((i) => i.account_id === num(account_id) && i.id === num(id));
		if (!inbox) return NOT_FOUND;
		const { channel, ...rest } = body(request);
		Object.assign(inbox, rest);
		if (channel && typeof channel === 'object') {
			for (const key of ['webhook_url', 'hmac_mandatory', 'additional_attributes']) if (key in (channel as Row)) inbox[key] = (channel as Row)[key];
		}
		return { body: inbox };
	});
	fake.route('GET', `${A}/inbox_members/:inbox_id`, (_r, { account_id, inbox_id }) => {
		if (!state.inboxes.some((i) => i.account_id === num(account_id) && i.id === num(inbox_id))) return NOT_FOUND;
		return { body: { payload: (state.inboxMembers[num(inbox_id)] ?? []).map((uid) => state.agents.find((a) => a.id === uid)).filter(Boolean) } };
	});
	fake.route('POST', `${A}/inbox_members`, (request) => {
		const { inbox_id, user_ids } = body(request);
		if (!state.inbox(num(inbox_id))) return NOT_FOUND;
		const current = new Set(state.inboxMembers[num(inbox_id)] ?? []);
		for (const uid of (user_ids as unknown[]) ?? []) current.add(num(uid));
		state.inboxMembers[num(inbox_id)] = [...current];
		return { body: { payload: [...current].map((uid) => state.agents.find((a) => a.id === uid)).filter(Boolean) } };
	});
	fake.route('PATCH', `${A}/inbox_members`, (request) => {
		const { inbox_id, user_ids } = body(request);
		state.inboxMembers[num(inbox_id)] = ((user_ids as unknown[]) ?? []).map(num);
		return { body: { payload: state.inboxMembers[num(inbox_id)].map((uid) => state.agents.find((a) => a.id === uid)) } };
	});
	fake.route('DELETE', `${A}/inbox_members`, (request) => {
		const { inbox_id, user_ids } = body(request);
		const remove = new Set(((user_ids as unknown[]) ?? []).map(num));
		state.inboxMembers[num(inbox_id)] = (state.inboxMembers[num(inbox_id)] ?? []).filter((uid) => !remove.has(uid));
		return { status: 200 };
	});
}
