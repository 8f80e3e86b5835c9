import type { FakeChatwoot, RecordedRequest } from '../server';
import { accessTokenOf } from '../server';
import type { Row } from '../state';

import { body, filterRows, MESSAGE_TYPES, NOT_FOUND, num, page } from './common';

export function registerConversations(fake: FakeChatwoot) {
	const { state } = fake;
	const A = '/api/v1/accounts/:account_id';
	/**
	 * ConversationFinder (Chatwoot 4.15.1 app/finders/conversation_finder.rb): the status
	 * filter is skipped when `q` is given, and with `q` the counts are taken from the
	 * already paged relation, so they cover the current page only.
	 */
	const filterConversations = (request: RecordedRequest, account_id: string) => {
		const q = request.query;
		let rows = state.conversations.filter((c) => c.account_id === num(account_id));
		const status = String(q.status ?? 'open');
		if (!q.q && status !== 'all') rows = rows.filter((c) => c.status === status);
		if (q.inbox_id) rows = rows.filter((c) => c.inbox_id === num(q.inbox_id));
		if (q.team_id) rows = rows.filter((c) => c.team_id === num(q.team_id));
		if (q.labels) rows = rows.filter((c) => (q.labels as string[]).some((l) => (c.labels as string[]).includes(l)));
		if (q.q) {
			const term = String(q.q).toLowerCase();
			rows = rows.filter((c) => state.messages.some((m) => m.conversation_id === c.id && m.account_id === c.account_id && [0, 1].includes(num(m.message_type)) && String(m.content ?? '').toLowerCase().includes(term)));
		}
		rows.sort((a, b) => num(b.last_activity_at) - num(a.last_activity_at));
		const per = state.conversationsPerPage;
		const p = page(request);
		const counted = q.q ? rows.slice((p - 1) * per, p * per) : rows;
		const counts = (list: Row[]) => {
			const unassigned = list.filter((c) => c.assignee_id === null).length;
			return { mine_count: list.filter((c) => c.assignee_id === state.user.id).length, assigned_count: list.length - unassigned, unassigned_count: unassigned, all_count: list.length };
		};
		const type = String(q.assignee_type ?? 'all');
		const selected = rows.filter((c) => (type === 'me' ? c.assignee_id === state.user.id : type === 'assigned' ? c.assignee_id !== null : type === 'unassigned' ? c.assignee_id === null : true));
		return { selected, meta: counts(counted) };
	};
	fake.route('GET', `${A}/conversations`, (request, { account_id }) => {
		const { selected, meta } = filterConversations(request, account_id);
		const p = page(request);
		const per = state.conversationsPerPage;
		const rows = request.query.updated_within ? selected : selected.slice((p - 1) * per, p * per);
		return { body: { data: { meta, payload: rows.map((c) => state.conversationJson(c)) } } };
	});
	fake.route('GET', `${A}/conversations/meta`, (request, { account_id }) => ({ body: { meta: filterConversations(request, account_id).meta } }));
	// Conversations::FilterService: Kaminari's 25 per page, counts of all matches.
	fake.route('POST', `${A}/conversations/filter`, (request, { account_id }) => {
		const mine = state.conversations.filter((c) => c.account_id === num(account_id));
		const rows = filterRows('conversation', mine, (body(request).payload as Row[]) ?? [], (c) => c.labels as string[], state.clock);
		if (!Array.isArray(rows)) return rows;
		const p = page(request);
		const unassigned = rows.filter((c) => c.assignee_id === null).length;
		const meta = { mine_count: rows.filter((c) => c.assignee_id === state.user.id).length, assigned_count: rows.length - unassigned, unassigned_count: unassigned, all_count: rows.length };
		return { body: { meta, payload: rows.slice((p - 1) * 25, p * 25).map((c) => state.conversationJson(c)) } };
	});
	fake.route('POST', `${A}/conversations`, (request, { account_id }) => {
		const fields = body(request);
		let contactInbox = fields.source_id ? state.contactInboxes.find((ci) => ci.source_id === fields.source_id) : undefined;
		if (!contactInbox && fields.inbox_id && fields.contact_id) {
			if (!state.contacts.some((c) => c.account_id === num(account_id) && c.id === num(fields.contact_id)) || !state.inbox(num(fields.inbox_id))) return NOT_FOUND;
			contactInbox = state.contactInboxes.find((ci) => ci.contact_id === num(fields.contact_id) && ci.inbox_id === num(fields.inbox_id)) ?? state.addContactInbox(num(fields.contact_id), num(fields.inbox_id));
		}
		if (!contactInbox) return NOT_FOUND;
		const conversation = state.addConversation({
			account_id: num(account_id),
			inbox_id: contactInbox.inbox_id,
			contact_id: contactInbox.contact_id,
			status: fields.status ?? 'open',
			assignee_id: fields.assignee_id ?? null,
			team_id: fields.team_id ?? null,
			snoozed_until: fields.snoozed_until ?? null,
			additional_attributes: fields.additional_attributes ?? {},
			custom_attributes: fields.custom_attributes ?? {},
		});
		const message = fields.message as Row | undefined;
		if (message?.content) {
			state.addMessage({ account_id: num(account_id), inbox_id: conversation.inbox_id, conversation_id: conversation.id, content: message.content });
		}
		return { body: state.conversationJson(conversation) };
	});
	const findConversation = (account_id: string, id: string) => state.conversation(num(account_id), num(id));
	fake.route('GET', `${A}/conversations/:id`, (_r, { account_id, id }) => {
		const c = findConversation(account_id, id);
		return c ? { body: state.conversationJson(c) } : NOT_FOUND;
	});
	fake.route('PATCH', `${A}/conversations/:id`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		// permitted_update_params: priority (Enterprise adds sla_policy_id).
		if ('priority' in body(request)) c.priority = body(request).priority;
		if ('sla_policy_id' in body(request)) c.sla_policy_id = body(request).sla_policy_id;
		return { body: state.conversationJson(c) };
	});
	fake.route('POST', `${A}/conversations/:id/toggle_status`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		const status = body(request).status as string | undefined;
		if (status && !['open', 'resolved', 'pending', 'snoozed'].includes(status)) return { status: 422, body: { error: `'${status}' is not a valid status` } };
		// pending → open by an agent-bot token is bot_handoff!: @status stays nil, so `success` is null.
		const handoff = accessTokenOf(request.headers) === fake.botToken && c.status === 'pending' && status === 'open';
		c.status = status ?? (c.status === 'open' ? 'resolved' : 'open');
		c.snoozed_until = c.status === 'snoozed' ? body(request).snoozed_until ?? null : null;
		return { body: { meta: {}, payload: { success: handoff ? null : true, conversation_id: c.id, current_status: c.status, snoozed_until: c.snoozed_until } } };
	});
	fake.route('POST', `${A}/conversations/:id/toggle_priority`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		c.priority = body(request).priority ?? null;
		return { status: 200 };
	});
	fake.route('POST', `${A}/conversations/:id/assignments`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		const fields = body(request);
		if ('team_id' in fields) {
			c.team_id = fields.team_id === null || fields.team_id === '' ? null : num(fields.team_id);
			const team = state.teams.find((t) => t.id === c.team_id);
			return { body: team ?? null };
		}
		c.assignee_id = fields.assignee_id === null || fields.assignee_id === '' ? null : num(fields.assignee_id);
		const agent = state.agents.find((a) => a.id === c.assignee_id);
		return { body: agent ?? null };
	});
	fake.route('GET', `${A}/conversations/:id/labels`, (_r, { account_id, id }) => {
		const c = findConversation(account_id, id);
		return c ? { body: { payload: c.labels } } : NOT_FOUND;
	});
	fake.route('POST', `${A}/conversations/:id/labels`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		c.labels = ((body(request).labels as string[]) ?? []).map(String);
		return { body: { payload: c.labels } };
	});
	fake.route('POST', `${A}/conversations/:id/custom_attributes`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		c.custom_attributes = (body(request).custom_attributes as Row) ?? {};
		return { body: { custom_attributes: c.custom_attributes } };
	});

	// ---- messages
	fake.route('GET', `${A}/conversations/:id/messages`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		let rows = state.messages.filter((m) => m.account_id === num(account_id) && m.conversation_id === c.id);
		const before = request.query.before ? num(request.query.before) : undefined;
		const after = request.query.after ? num(request.query.after) : undefined;
		if (before !== undefined) rows = rows.filter((m) => num(m.id) < before);
		if (after !== undefined) rows = rows.filter((m) => num(m.id) > after).slice(0, before !== undefined ? 1000 : 100);
		else rows = rows.slice(-20);
		return { body: { meta: { labels: c.labels, additional_attributes: c.additional_attributes, contact: {}, assignee: null }, payload: rows } };
	});
	fake.route('POST', `${A}/conversations/:id/messages`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		const fields = body(request);
		const inbox = state.inbox(num(c.inbox_id));
		const type = String(fields.message_type ?? 'outgoing');
		if (type === 'incoming' && inbox?.channel_type !== 'Channel::Api') {
			return { status: 422, body: { error: 'Incoming messages are only allowed in Api inboxes' } };
		}
		const attachments = request.files.map((file, index) => ({
			id: index + 1,
			file_type: file.contentType.startsWith('image/') ? 'image' : 'file',
			extension: file.fileName.split('.').pop(),
			data_url: `${fake.url}/rails/active_storage/blobs/${index + 1}/${file.fileName}`,
			thumb_url: '',
			file_size: file.data.length,
		}));
		if (!fields.content && attachments.length === 0) return { status: 422, body: { error: 'Content is required' } };
		let contentAttributes = fields.content_attributes ?? {};
		if (typeof contentAttributes === 'string') contentAttributes = JSON.parse(contentAttributes);
		const message = state.addMessage({
			account_id: num(account_id),
			inbox_id: c.inbox_id,
			conversation_id: c.id,
			content: fields.content ?? null,
			message_type: MESSAGE_TYPES[type] ?? 1,
			content_type: fields.content_type ?? 'text',
			content_attributes: contentAttributes,
			private: fields.private === true || fields.private === 'true',
			source_id: fields.source_id ?? null,
			echo_id: fields.echo_id,
			attachments: attachments.map((a) => ({ ...a, message_id: state.messages.length + 1, account_id: num(account_id) })),
		});
		return { body: message };
	});
	fake.route('PATCH', `${A}/conversations/:id/messages/:message_id`, (request, { account_id, id, message_id }) => {
		const c = findConversation(account_id, id);
		const message = state.messages.find((m) => m.id === num(message_id) && m.conversation_id === c?.id);
		if (!c || !message) return NOT_FOUND;
		if (state.inbox(num(c.inbox_id))?.channel_type !== 'Channel::Api') return { status: 403, body: { error: 'Message status update is only allowed for API inboxes' } };
		const status = String(body(request).status);
		// Messages::StatusUpdateService refuses read → delivered and unknown statuses without
		// an error: the controller answers 200 with the unchanged message.
		if ((message.status === 'read' && status === 'delivered') || !['sent', 'delivered', 'read', 'failed'].includes(status)) return { body: message };
		message.status = status;
		if (body(request).external_error) message.content_attributes = { ...(message.content_attributes as Row), external_error: body(request).external_error };
		return { body: message };
	});
	fake.route('DELETE', `${A}/conversations/:id/messages/:message_id`, (_r, { account_id, id, message_id }) => {
		const c = findConversation(account_id, id);
		const message = state.messages.find((m) => m.id === num(message_id) && m.conversation_id === c?.id);
		if (!c || !message) return NOT_FOUND;
		message.content = 'This message was deleted';
		message.content_attributes = { ...(message.content_attributes as Row), deleted: true };
		message.attachments = [];
		return { body: message };
	});
}
