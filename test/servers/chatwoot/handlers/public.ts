import type { FakeChatwoot, Reply } from '../server';
import type { Row } from '../state';

import { body, num } from './common';

const PUBLIC_NOT_FOUND: Reply = { status: 404, body: { status: 404, error: 'Not Found' } };

export function registerPublicApi(fake: FakeChatwoot) {
	const { state } = fake;
	// Survey::ResponsesController#show: an HTML page for any uuid, routed unless CW_API_ONLY_SERVER.
	fake.route('GET', '/survey/responses/:uuid', () =>
		state.apiOnlyServer
			? { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body>Not Found</body></html>' }
			: { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><head><title>Chatwoot</title></head><body><div id="app"></div></body></html>' },
	);
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
