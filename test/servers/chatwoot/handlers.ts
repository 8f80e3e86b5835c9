import type { FakeChatwoot, RecordedRequest, Reply } from './server';
import type { Row } from './state';

const NOT_FOUND: Reply = { status: 404, body: { error: 'Resource could not be found' } };
const MESSAGE_TYPES: Record<string, number> = { incoming: 0, outgoing: 1, activity: 2, template: 3 };

function body(request: RecordedRequest): Row {
	return (request.body && typeof request.body === 'object' ? request.body : {}) as Row;
}

function num(value: unknown): number {
	return Number(value);
}

function page(request: RecordedRequest): number {
	return Math.max(1, Number(request.query.page ?? 1) || 1);
}

function matchesFilter(row: Row, conditions: Row[]): boolean {
	let result: boolean | undefined;
	for (const condition of conditions) {
		const key = String(condition.attribute_key);
		const values = ((condition.values as unknown[]) ?? []).map(String);
		const raw = key in row ? row[key] : (row.custom_attributes as Row | undefined)?.[key];
		const value = raw === null || raw === undefined ? '' : String(raw);
		let ok: boolean;
		switch (condition.filter_operator) {
			case 'equal_to':
				ok = values.includes(value);
				break;
			case 'not_equal_to':
				ok = !values.includes(value);
				break;
			case 'contains':
				ok = values.some((v) => value.toLowerCase().includes(v.toLowerCase()));
				break;
			case 'does_not_contain':
				ok = !values.some((v) => value.toLowerCase().includes(v.toLowerCase()));
				break;
			case 'is_present':
				ok = value !== '';
				break;
			case 'is_not_present':
				ok = value === '';
				break;
			case 'starts_with':
				ok = values.some((v) => value.toLowerCase().startsWith(v.toLowerCase()));
				break;
			default:
				ok = false;
		}
		result = result === undefined ? ok : String(condition.previousOperator ?? 'AND') === 'OR' ? result || ok : result && ok;
		condition.previousOperator = condition.query_operator ?? 'AND';
	}
	return result ?? true;
}

function validateContactFields(fields: Row, state: FakeChatwoot['state'], exceptId?: number): Reply | undefined {
	if (fields.email && state.contacts.some((c) => c.email === fields.email && c.id !== exceptId)) {
		return { status: 422, body: { message: 'Email has already been taken', attributes: ['email'] } };
	}
	if (fields.phone_number && !/^\+[1-9]\d{1,14}$/.test(String(fields.phone_number))) {
		return { status: 422, body: { message: 'Phone number should be in e164 format', attributes: ['phone_number'] } };
	}
	return undefined;
}

const CONTACT_FIELDS = ['name', 'email', 'phone_number', 'identifier', 'blocked', 'avatar_url'];

/** Default Chatwoot behaviour for every endpoint the package uses. */
export function registerDefaultHandlers(fake: FakeChatwoot) {
	const { state } = fake;
	const A = '/api/v1/accounts/:account_id';

	fake.route('GET', '/api/v1/profile', () => ({
		body: { ...state.user, accounts: state.accounts.map((a) => ({ ...a, availability: 'online', availability_status: 'online', auto_offline: true, permissions: [] })) },
	}));

	// ---- contacts
	fake.route('GET', `${A}/contacts`, (request, { account_id }) => {
		let contacts = state.contacts.filter((c) => c.account_id === num(account_id) && (c.email || c.phone_number || c.identifier));
		const labels = request.query.labels as string[] | undefined;
		if (labels?.length) contacts = contacts.filter((c) => (state.contactLabels[c.id as number] ?? []).some((l) => labels.includes(l)));
		const sort = String(request.query.sort ?? '');
		if (sort) {
			const key = sort.replace(/^-/, '');
			contacts = [...contacts].sort((a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? '')) * (sort.startsWith('-') ? -1 : 1));
		}
		const p = page(request);
		return { body: { meta: { count: contacts.length, current_page: p }, payload: contacts.slice((p - 1) * 15, p * 15).map((c) => state.contactJson(c)) } };
	});
	fake.route('GET', `${A}/contacts/search`, (request, { account_id }) => {
		const q = String(request.query.q ?? '');
		if (!q) return { status: 422, body: { error: 'Specify search string with parameter q' } };
		const found = state.contacts.filter(
			(c) =>
				c.account_id === num(account_id) &&
				(['name', 'email', 'phone_number'].some((k) => String(c[k] ?? '').toLowerCase().includes(q.toLowerCase())) || String(c.identifier ?? '').includes(q)),
		);
		const p = page(request);
		const slice = found.slice((p - 1) * 15, p * 15);
		return { body: { meta: { count: slice.length, current_page: p, has_more: found.length > p * 15 }, payload: slice.map((c) => state.contactJson(c)) } };
	});
	fake.route('POST', `${A}/contacts/filter`, (request, { account_id }) => {
		const conditions = ((body(request).payload as Row[]) ?? []).map((c) => ({ ...c }));
		const found = state.contacts.filter((c) => c.account_id === num(account_id) && matchesFilter(c, conditions));
		const p = page(request);
		return { body: { meta: { count: found.length, current_page: p }, payload: found.slice((p - 1) * 15, p * 15).map((c) => state.contactJson(c)) } };
	});
	fake.route('POST', `${A}/contacts`, (request, { account_id }) => {
		const fields = body(request);
		const invalid = validateContactFields(fields, state);
		if (invalid) return invalid;
		const contact = state.addContact({
			account_id: num(account_id),
			...Object.fromEntries(CONTACT_FIELDS.filter((k) => k in fields).map((k) => [k, fields[k]])),
			additional_attributes: fields.additional_attributes ?? {},
			custom_attributes: fields.custom_attributes ?? {},
		});
		let contactInbox: Row | undefined;
		if (fields.inbox_id !== undefined) {
			const inbox = state.inbox(num(fields.inbox_id));
			if (!inbox) return NOT_FOUND;
			const ci = state.addContactInbox(contact.id as number, inbox.id as number, fields.source_id as string | undefined);
			contactInbox = { inbox: state.inboxJson(inbox), source_id: ci.source_id };
		}
		return { body: { payload: { contact: state.contactJson(contact), contact_inbox: contactInbox ?? { inbox: null, source_id: null } } } };
	});
	const findContact = (account_id: string, id: string) => state.contacts.find((c) => c.account_id === num(account_id) && c.id === num(id));
	fake.route('GET', `${A}/contacts/:id`, (_r, { account_id, id }) => {
		const contact = findContact(account_id, id);
		return contact ? { body: { payload: state.contactJson(contact) } } : NOT_FOUND;
	});
	const updateContact = (request: RecordedRequest, { account_id, id }: Record<string, string>): Reply => {
		const contact = findContact(account_id, id);
		if (!contact) return NOT_FOUND;
		const fields = body(request);
		const invalid = validateContactFields(fields, state, contact.id as number);
		if (invalid) return invalid;
		for (const key of CONTACT_FIELDS) if (key in fields) contact[key] = fields[key];
		if (fields.custom_attributes) contact.custom_attributes = { ...(contact.custom_attributes as Row), ...(fields.custom_attributes as Row) };
		if (fields.additional_attributes) contact.additional_attributes = { ...(contact.additional_attributes as Row), ...(fields.additional_attributes as Row) };
		return { body: { payload: state.contactJson(contact) } };
	};
	fake.route('PUT', `${A}/contacts/:id`, updateContact);
	fake.route('PATCH', `${A}/contacts/:id`, updateContact);
	fake.route('DELETE', `${A}/contacts/:id`, (_r, { account_id, id }) => {
		const contact = findContact(account_id, id);
		if (!contact) return NOT_FOUND;
		if (contact.availability_status === 'online') return { status: 422, body: { message: `${contact.name} is online, please try again after the contact goes offline` } };
		state.contacts.splice(state.contacts.indexOf(contact), 1);
		return { status: 200 };
	});
	fake.route('GET', `${A}/contacts/:id/conversations`, (_r, { account_id, id }) => {
		if (!findContact(account_id, id)) return NOT_FOUND;
		const conversations = state.conversations.filter((c) => c.account_id === num(account_id) && c.contact_id === num(id)).slice(-20).reverse();
		return { body: { payload: conversations.map((c) => state.conversationJson(c)) } };
	});
	fake.route('GET', `${A}/contacts/:id/labels`, (_r, { account_id, id }) =>
		findContact(account_id, id) ? { body: { payload: state.contactLabels[num(id)] ?? [] } } : NOT_FOUND,
	);
	fake.route('POST', `${A}/contacts/:id/labels`, (request, { account_id, id }) => {
		if (!findContact(account_id, id)) return NOT_FOUND;
		state.contactLabels[num(id)] = ((body(request).labels as string[]) ?? []).map(String);
		return { body: { payload: state.contactLabels[num(id)] } };
	});
	fake.route('GET', `${A}/contacts/:id/contactable_inboxes`, (_r, { account_id, id }) => {
		if (!findContact(account_id, id)) return NOT_FOUND;
		return {
			body: {
				payload: state.inboxes
					.filter((i) => i.account_id === num(account_id))
					.map((i) => ({ inbox: i, source_id: state.contactInboxes.find((ci) => ci.contact_id === num(id) && ci.inbox_id === i.id)?.source_id ?? null })),
			},
		};
	});
	fake.route('POST', `${A}/contacts/:id/contact_inboxes`, (request, { account_id, id }) => {
		const contact = findContact(account_id, id);
		const inbox = state.inbox(num(body(request).inbox_id));
		if (!contact || !inbox) return NOT_FOUND;
		const ci = state.addContactInbox(contact.id as number, inbox.id as number, body(request).source_id as string | undefined);
		return { body: { source_id: ci.source_id, inbox: state.inboxJson(inbox) } };
	});
	fake.route('POST', `${A}/actions/contact_merge`, (request, { account_id }) => {
		const { base_contact_id, mergee_contact_id } = body(request);
		const base = findContact(account_id, String(base_contact_id));
		const mergee = findContact(account_id, String(mergee_contact_id));
		if (!base || !mergee) return NOT_FOUND;
		if (base === mergee) return { status: 422, body: { message: 'contact does not belong to the account' } };
		for (const key of CONTACT_FIELDS) base[key] ??= mergee[key];
		for (const ci of state.contactInboxes) if (ci.contact_id === mergee.id) ci.contact_id = base.id;
		for (const c of state.conversations) if (c.contact_id === mergee.id) c.contact_id = base.id;
		state.contacts.splice(state.contacts.indexOf(mergee), 1);
		return { body: state.contactJson(base) };
	});

	// ---- conversations
	const filterConversations = (request: RecordedRequest, account_id: string) => {
		const q = request.query;
		let rows = state.conversations.filter((c) => c.account_id === num(account_id));
		const status = String(q.status ?? 'open');
		if (status !== 'all') rows = rows.filter((c) => c.status === status);
		if (q.inbox_id) rows = rows.filter((c) => c.inbox_id === num(q.inbox_id));
		if (q.team_id) rows = rows.filter((c) => c.team_id === num(q.team_id));
		if (q.labels) rows = rows.filter((c) => (q.labels as string[]).some((l) => (c.labels as string[]).includes(l)));
		const mine = rows.filter((c) => c.assignee_id === state.user.id);
		const assigned = rows.filter((c) => c.assignee_id !== null);
		const unassigned = rows.filter((c) => c.assignee_id === null);
		const type = String(q.assignee_type ?? 'all');
		const selected = type === 'me' ? mine : type === 'assigned' ? assigned : type === 'unassigned' ? unassigned : rows;
		return { selected, meta: { mine_count: mine.length, assigned_count: assigned.length, unassigned_count: unassigned.length, all_count: rows.length } };
	};
	fake.route('GET', `${A}/conversations`, (request, { account_id }) => {
		const { selected, meta } = filterConversations(request, account_id);
		const p = page(request);
		const sorted = [...selected].sort((a, b) => num(b.last_activity_at) - num(a.last_activity_at));
		const rows = request.query.updated_within ? sorted : sorted.slice((p - 1) * 25, p * 25);
		return { body: { data: { meta, payload: rows.map((c) => state.conversationJson(c)) } } };
	});
	fake.route('GET', `${A}/conversations/meta`, (request, { account_id }) => ({ body: { meta: filterConversations(request, account_id).meta } }));
	fake.route('POST', `${A}/conversations/filter`, (request, { account_id }) => {
		const conditions = ((body(request).payload as Row[]) ?? []).map((c) => ({ ...c }));
		const rows = state.conversations.filter((c) => c.account_id === num(account_id) && matchesFilter(c, conditions));
		const p = page(request);
		return { body: { meta: { mine_count: 0, unassigned_count: rows.length, all_count: rows.length }, payload: rows.slice((p - 1) * 25, p * 25).map((c) => state.conversationJson(c)) } };
	});
	fake.route('POST', `${A}/conversations`, (request, { account_id }) => {
		const fields = body(request);
		let contactInbox = fields.source_id ? state.contactInboxes.find((ci) => ci.source_id === fields.source_id) : undefined;
		if (!contactInbox && fields.inbox_id && fields.contact_id) {
			if (!findContact(account_id, String(fields.contact_id)) || !state.inbox(num(fields.inbox_id))) return NOT_FOUND;
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
		if ('priority' in body(request)) c.priority = body(request).priority;
		return { body: state.conversationJson(c) };
	});
	fake.route('POST', `${A}/conversations/:id/toggle_status`, (request, { account_id, id }) => {
		const c = findConversation(account_id, id);
		if (!c) return NOT_FOUND;
		const status = body(request).status as string | undefined;
		if (status && !['open', 'resolved', 'pending', 'snoozed'].includes(status)) return { status: 422, body: { error: `'${status}' is not a valid status` } };
		c.status = status ?? (c.status === 'open' ? 'resolved' : 'open');
		c.snoozed_until = c.status === 'snoozed' ? body(request).snoozed_until ?? null : null;
		return { body: { meta: {}, payload: { success: true, conversation_id: c.id, current_status: c.status, snoozed_until: c.snoozed_until } } };
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
		if (message.status === 'read' && status === 'delivered') return { status: 422, body: { error: 'Cannot change status from read to delivered' } };
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

	// ---- inboxes and members
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

	// ---- account lists
	fake.route('GET', `${A}/agents`, (_r, { account_id }) => ({ body: state.agents.filter((a) => a.account_id === num(account_id)) }));
	fake.route('GET', `${A}/teams`, (_r, { account_id }) => ({ body: state.teams.filter((t) => t.account_id === num(account_id)) }));
	fake.route('GET', `${A}/labels`, () => ({ body: { payload: state.labels } }));
	fake.route('GET', `${A}/custom_attribute_definitions`, (request) => ({
		body: state.customAttributeDefinitions.filter((d) => !request.query.attribute_model || d.attribute_model === request.query.attribute_model),
	}));

	// ---- webhooks (code shape: {payload:{webhooks}} / {payload:{webhook}})
	fake.route('GET', `${A}/webhooks`, (_r, { account_id }) => ({ body: { payload: { webhooks: state.webhooks.filter((w) => w.account_id === num(account_id)) } } }));
	fake.route('POST', `${A}/webhooks`, (request, { account_id }) => {
		const fields = ((body(request).webhook as Row) ?? body(request)) as Row;
		if (!/^https?:\/\//.test(String(fields.url ?? ''))) return { status: 422, body: { message: 'Url is invalid', attributes: ['url'] } };
		if (state.webhooks.some((w) => w.account_id === num(account_id) && w.url === fields.url)) return { status: 422, body: { message: 'Url has already been taken', attributes: ['url'] } };
		const webhook: Row = {
			id: state.nextId('webhook'),
			account_id: num(account_id),
			name: fields.name ?? null,
			url: fields.url,
			subscriptions: fields.subscriptions ?? [],
			secret: `whsec${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
			inbox: null,
		};
		state.webhooks.push(webhook);
		return { body: { payload: { webhook } } };
	});
	fake.route('PATCH', `${A}/webhooks/:id`, (request, { account_id, id }) => {
		const webhook = state.webhooks.find((w) => w.account_id === num(account_id) && w.id === num(id));
		if (!webhook) return NOT_FOUND;
		Object.assign(webhook, (body(request).webhook as Row) ?? body(request));
		return { body: { payload: { webhook } } };
	});
	fake.route('DELETE', `${A}/webhooks/:id`, (_r, { account_id, id }) => {
		const index = state.webhooks.findIndex((w) => w.account_id === num(account_id) && w.id === num(id));
		if (index === -1) return NOT_FOUND;
		state.webhooks.splice(index, 1);
		return { status: 200 };
	});

	registerPublicApi(fake);
}

const PUBLIC_NOT_FOUND: Reply = { status: 404, body: { status: 404, error: 'Not Found' } };

function registerPublicApi(fake: FakeChatwoot) {
	const { state } = fake;
	const P = '/public/api/v1/inboxes/:inbox';
	const apiInbox = (identifier: string) => state.inboxes.find((i) => i.inbox_identifier === identifier && i.channel_type === 'Channel::Api');
	const contactInbox = (identifier: string, sourceId: string) => {
		const inbox = apiInbox(identifier);
		return inbox ? state.contactInboxes.find((ci) => ci.inbox_id === inbox.id && ci.source_id === sourceId) : undefined;
	};
	const publicContact = (ci: Row) => {
		const c = state.contacts.find((x) => x.id === ci.contact_id)!;
		return { id: c.id, name: c.name, email: c.email, phone_number: c.phone_number, source_id: ci.source_id, pubsub_token: ci.pubsub_token };
	};
	const checkHmac = (inbox: Row, fields: Row): Reply | undefined => {
		const hash = fields.identifier_hash as string | undefined;
		if (!hash && !inbox.hmac_mandatory) return undefined;
		// Same formula as Chatwoot's valid_hmac?: hex HMAC-SHA256(hmac_token, identifier)
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const expected = require('crypto').createHmac('sha256', String(inbox.hmac_token)).update(String(fields.identifier ?? '')).digest('hex');
		return hash === expected ? undefined : { status: 500, body: { status: 500, error: 'Internal Server Error' } };
	};
	const publicConversation = (c: Row) => ({
		id: c.id,
		uuid: c.uuid,
		inbox_id: c.inbox_id,
		status: c.status,
		contact_last_seen_at: c.contact_last_seen_at,
		agent_last_seen_at: c.agent_last_seen_at,
		messages: state.messages.filter((m) => m.conversation_id === c.id && !m.private),
		contact: state.contacts.find((x) => x.id === c.contact_id),
	});

	fake.route('GET', P, (_r, { inbox }) => {
		const row = apiInbox(inbox);
		return row
			? { body: { identifier: row.inbox_identifier, identity_validation_enabled: row.hmac_mandatory, name: row.name, timezone: 'UTC', working_hours: [], working_hours_enabled: false, csat_survey_enabled: false, greeting_enabled: false } }
			: PUBLIC_NOT_FOUND;
	});
	fake.route('POST', `${P}/contacts`, (request, { inbox }) => {
		const row = apiInbox(inbox);
		if (!row) return PUBLIC_NOT_FOUND;
		const fields = body(request);
		const rejected = checkHmac(row, fields);
		if (rejected) return rejected;
		const existing = state.contacts.find((c) => (fields.identifier && c.identifier === fields.identifier) || (fields.email && c.email === fields.email));
		const contact = existing ?? state.addContact({ account_id: row.account_id, name: fields.name ?? null, email: fields.email ?? null, phone_number: fields.phone_number ?? null, identifier: fields.identifier ?? null, custom_attributes: fields.custom_attributes ?? {} });
		const ci = state.addContactInbox(contact.id as number, row.id as number, fields.source_id as string | undefined);
		return { body: publicContact(ci) };
	});
	fake.route('GET', `${P}/contacts/:source`, (request, { inbox, source }) => {
		const ci = contactInbox(inbox, source);
		if (!ci) return PUBLIC_NOT_FOUND;
		// process_hmac runs on show too (identifier and identifier_hash as query params).
		const rejected = checkHmac(apiInbox(inbox)!, request.query);
		return rejected ?? { body: publicContact(ci) };
	});
	fake.route('PATCH', `${P}/contacts/:source`, (request, { inbox, source }) => {
		const ci = contactInbox(inbox, source);
		if (!ci) return PUBLIC_NOT_FOUND;
		const fields = body(request);
		const contact = state.contacts.find((x) => x.id === ci.contact_id)!;
		// valid_hmac? hashes params[:identifier] only; the stored identifier is not used.
		const rejected = checkHmac(apiInbox(inbox)!, fields);
		if (rejected) return rejected;
		for (const key of ['name', 'email', 'phone_number', 'avatar_url']) if (key in fields) contact[key] = fields[key];
		if (fields.custom_attributes) contact.custom_attributes = { ...(contact.custom_attributes as Row), ...(fields.custom_attributes as Row) };
		return { body: contact };
	});
	fake.route('POST', `${P}/contacts/:source/conversations`, (request, { inbox, source }) => {
		const ci = contactInbox(inbox, source);
		if (!ci) return PUBLIC_NOT_FOUND;
		const c = state.addConversation({ account_id: apiInbox(inbox)!.account_id, inbox_id: ci.inbox_id, contact_id: ci.contact_id, custom_attributes: body(request).custom_attributes ?? {} });
		return { body: publicConversation(c) };
	});
	fake.route('GET', `${P}/contacts/:source/conversations`, (_r, { inbox, source }) => {
		const ci = contactInbox(inbox, source);
		if (!ci) return PUBLIC_NOT_FOUND;
		return { body: state.conversations.filter((c) => c.contact_id === ci.contact_id && c.inbox_id === ci.inbox_id).map(publicConversation) };
	});
	const publicConv = (inbox: string, source: string, id: string) => {
		const ci = contactInbox(inbox, source);
		return ci ? state.conversations.find((c) => c.id === num(id) && c.contact_id === ci.contact_id && c.inbox_id === ci.inbox_id) : undefined;
	};
	fake.route('GET', `${P}/contacts/:source/conversations/:id`, (_r, { inbox, source, id }) => {
		const c = publicConv(inbox, source, id);
		return c ? { body: publicConversation(c) } : PUBLIC_NOT_FOUND;
	});
	fake.route('POST', `${P}/contacts/:source/conversations/:id/toggle_status`, (_r, { inbox, source, id }) => {
		const c = publicConv(inbox, source, id);
		if (!c) return PUBLIC_NOT_FOUND;
		c.status = 'resolved';
		return { body: publicConversation(c) };
	});
	fake.route('POST', `${P}/contacts/:source/conversations/:id/toggle_typing`, (request, { inbox, source, id }) => {
		const c = publicConv(inbox, source, id);
		if (!c) return PUBLIC_NOT_FOUND;
		c.contact_typing = body(request).typing_status;
		return { status: 200 };
	});
	fake.route('POST', `${P}/contacts/:source/conversations/:id/update_last_seen`, (_r, { inbox, source, id }) => {
		const c = publicConv(inbox, source, id);
		if (!c) return PUBLIC_NOT_FOUND;
		c.contact_last_seen_at = state.tick();
		return { status: 200 };
	});
	fake.route('GET', `${P}/contacts/:source/conversations/:id/messages`, (request, { inbox, source, id }) => {
		const c = publicConv(inbox, source, id);
		if (!c) return PUBLIC_NOT_FOUND;
		let rows = state.messages.filter((m) => m.conversation_id === c.id && !m.private && m.message_type !== 2);
		if (request.query.before) rows = rows.filter((m) => num(m.id) < num(request.query.before));
		return { body: rows.slice(-20) };
	});
	fake.route('POST', `${P}/contacts/:source/conversations/:id/messages`, (request, { inbox, source, id }) => {
		const c = publicConv(inbox, source, id);
		if (!c) return PUBLIC_NOT_FOUND;
		const fields = body(request);
		const contact = state.contacts.find((x) => x.id === c.contact_id)!;
		const message = state.addMessage({
			account_id: c.account_id,
			inbox_id: c.inbox_id,
			conversation_id: c.id,
			content: fields.content ?? null,
			echo_id: fields.echo_id,
			message_type: 0,
			sender: { id: contact.id, name: contact.name, type: 'contact' },
			attachments: request.files.map((f, i) => ({ id: i + 1, file_type: 'file', extension: f.fileName.split('.').pop(), data_url: `${fake.url}/blob/${f.fileName}`, file_size: f.data.length })),
		});
		return { body: message };
	});
	fake.route('PATCH', `${P}/contacts/:source/conversations/:id/messages/:message_id`, (request, { inbox, source, id, message_id }) => {
		const c = publicConv(inbox, source, id);
		const message = state.messages.find((m) => m.id === num(message_id) && m.conversation_id === c?.id);
		if (!c || !message) return PUBLIC_NOT_FOUND;
		message.content_attributes = { ...(message.content_attributes as Row), submitted_values: body(request).submitted_values };
		return { body: message };
	});
}
