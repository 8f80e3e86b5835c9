import type { FakeChatwoot, RecordedRequest, Reply } from '../server';
import type { Row } from '../state';

import { body, filterRows, NOT_FOUND, num, page } from './common';

function validateContactFields(fields: Row, state: FakeChatwoot['state'], exceptId?: number): Reply | undefined {
	if (fields.email && state.contacts.some((c) => c.email === fields.email && c.id !== exceptId)) {
		return { status: 422, body: { message: 'Email has already been taken', attributes: ['email'] } };
	}
	if (fields.phone_number && !/^\+[1-9]\d{1,14}$/.test(String(fields.phone_number))) {
		return { status: 422, body: { message: 'Phone number should be in e164 format', attributes: ['phone_number'] } };
	}
	return undefined;
}

export const CONTACT_FIELDS = ['name', 'email', 'phone_number', 'identifier', 'blocked', 'avatar_url'];

export function registerContacts(fake: FakeChatwoot) {
	const { state } = fake;
	const A = '/api/v1/accounts/:account_id';
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
	// Contacts::FilterService over Contact.resolved_contacts: anonymous contacts never match.
	fake.route('POST', `${A}/contacts/filter`, (request, { account_id }) => {
		const resolved = state.contacts.filter((c) => c.account_id === num(account_id) && (c.email || c.phone_number || c.identifier));
		const found = filterRows('contact', resolved, (body(request).payload as Row[]) ?? [], (c) => state.contactLabels[c.id as number] ?? [], state.clock);
		if (!Array.isArray(found)) return found;
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
		// HmacConcern#hmac_verified? → ContactInboxBuilder(hmac_verified:)
		ci.hmac_verified = body(request).hmac_verified === true || body(request).hmac_verified === 'true';
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
}
