import { chatwootSuite } from './suite';

/** Contact → Create or Update (upsert): identifier, then email, then phone; source_id in the chosen inbox. */
const suite = chatwootSuite('contact');

test('nothing matches: created in the inbox, with the session Chatwoot opened', async () => {
	const { cw } = suite;
	cw.state.addContact({ name: 'Partial', email: 'ann.other@x.test', identifier: 'crm-10' });
	const { items, error } = await suite.run({ operation: 'upsert', accountId: 1, inboxId: 1, identifier: 'crm-1', email: 'ann@x.test', additionalFields: { name: 'Ann' } });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ name: 'Ann', identifier: 'crm-1', email: 'ann@x.test', upsert: { action: 'created', matched_by: null } });
	expect(items[0].json.source_id).toBe(cw.state.contactInboxes[0].source_id);
	// "crm-1" and "ann" are substrings of the other contact: search matched it, the exact comparison did not.
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts/search' }).map((r) => r.query.q)).toEqual(['crm-1', 'ann@x.test']);
	expect(cw.calls({ method: 'POST', path: '/api/v1/accounts/1/contacts' })[0].body).toEqual({ name: 'Ann', identifier: 'crm-1', email: 'ann@x.test', inbox_id: 1 });
});

test('found by email (case-insensitive) when the identifier is unknown: updated, existing session in the inbox returned', async () => {
	const { cw } = suite;
	const ann = cw.state.addContact({ name: 'Ann', email: 'Ann@X.test' });
	cw.state.addContactInbox(Number(ann.id), 1, 'ann-session');
	const { items } = await suite.run({ operation: 'upsert', accountId: 1, inboxId: 1, identifier: 'crm-1', email: 'ann@x.test', additionalFields: { customAttributes: { attribute: [{ key: 'plan', value: 'pro' }] } } });
	expect(items[0].json).toMatchObject({ id: ann.id, identifier: 'crm-1', source_id: 'ann-session', upsert: { action: 'updated', matched_by: 'email' } });
	expect(cw.calls({ method: 'PUT' })[0].body).toEqual({ custom_attributes: { plan: 'pro' }, identifier: 'crm-1', email: 'ann@x.test' });
	expect(cw.calls({ method: 'POST' })).toHaveLength(0);
	expect(cw.state.contacts).toHaveLength(1);
});

test('identifier wins over email; found by phone opens a session in an inbox where the contact has none', async () => {
	const { cw } = suite;
	const byId = cw.state.addContact({ name: 'Id', identifier: 'crm-7' });
	cw.state.addContact({ name: 'Mail', email: 'mail@x.test' });
	const first = await suite.run({ operation: 'upsert', accountId: 1, inboxId: 1, identifier: 'crm-7', email: 'new@x.test' });
	expect(first.items[0].json).toMatchObject({ id: byId.id, upsert: { matched_by: 'identifier' } });
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts/search' }).map((r) => r.query.q)).toEqual(['crm-7']);

	const phone = cw.state.addContact({ name: 'Phone', phone_number: '+4915112345678' });
	const second = await suite.run({ operation: 'upsert', accountId: 1, inboxId: 1, phone_number: '+4915112345678' });
	expect(second.items[0].json).toMatchObject({ id: phone.id, upsert: { action: 'updated', matched_by: 'phone_number' } });
	expect(cw.calls({ method: 'POST', path: `/api/v1/accounts/1/contacts/${String(phone.id)}/contact_inboxes` })[0].body).toEqual({ inbox_id: 1 });
	expect(second.items[0].json.source_id).toBe(cw.state.contactInboxes.find((ci) => ci.contact_id === phone.id)?.source_id);
});

test('without identifier, email or phone it refuses before any request', async () => {
	const { cw } = suite;
	const { error } = await suite.run({ operation: 'upsert', accountId: 1, inboxId: 1, additionalFields: { name: 'Nobody' } });
	expect(error?.message).toBe('Enter an identifier, email or phone number');
	expect(cw.requests).toHaveLength(0);
});
