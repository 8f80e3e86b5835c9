import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { loadOptionsContext } from '../../harness/contexts';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { runNode } from '../../harness/workflow';

let cw: FakeChatwoot;
const node = new Chatwoot();
const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ nodeType: node, parameters: { resource: 'contact', ...parameters } as never, credentials: { chatwootApi: cw.credentials() }, ...extra });

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

function seedContacts(count: number) {
	for (let i = 1; i <= count; i++) {
		cw.state.addContact({ name: `Customer ${i}`, email: `c${i}@shop.test`, phone_number: `+4915100000${String(i).padStart(3, '0')}` });
	}
}

test('create opens a session in the inbox and returns its source_id; account defaults to the profile', async () => {
	const { items, error } = await run({
		operation: 'create',
		inboxId: 1,
		name: 'Ada Lovelace',
		additionalFields: {
			email: 'ada@example.com',
			phone_number: '+441234567890',
			customAttributes: { attribute: [{ key: 'plan', value: 'pro' }] },
			customAttributesJson: '{"order_id":"A-1"}',
			additionalAttributes: { attribute: [{ key: 'city', value: 'London' }] },
		},
	});
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	expect(items[0].json).toMatchObject({
		name: 'Ada Lovelace',
		email: 'ada@example.com',
		custom_attributes: { plan: 'pro', order_id: 'A-1' },
		additional_attributes: { city: 'London' },
	});
	expect(items[0].json.source_id).toEqual(expect.any(String));
	expect(items[0].pairedItem).toEqual({ item: 0 });
	const post = cw.calls({ method: 'POST', path: '/api/v1/accounts/1/contacts' });
	expect(post).toHaveLength(1);
	expect(post[0].body).toMatchObject({ inbox_id: 1, name: 'Ada Lovelace' });
	expect(cw.calls({ path: '/api/v1/profile' })).toHaveLength(1);
});

test('get, update (merging attributes) and delete', async () => {
	const contact = cw.state.addContact({ name: 'Bob', email: 'bob@x.test', custom_attributes: { plan: 'free', tier: 2 } });
	const got = await run({ operation: 'get', contactId: contact.id, accountId: 1 });
	expect(got.items[0].json).toMatchObject({ id: contact.id, name: 'Bob' });

	const updated = await run({
		operation: 'update',
		contactId: contact.id,
		accountId: 1,
		updateFields: { name: 'Robert', customAttributes: { attribute: [{ key: 'plan', value: 'pro' }] } },
	});
	expect(updated.error).toBeUndefined();
	expect(updated.items[0].json).toMatchObject({ name: 'Robert', custom_attributes: { plan: 'pro', tier: 2 } });
	expect(cw.calls({ method: 'PUT' })[0].body).toEqual({ name: 'Robert', custom_attributes: { plan: 'pro' } });

	const deleted = await run({ operation: 'delete', contactId: contact.id, accountId: 1 });
	expect(deleted.items[0].json).toEqual({ id: contact.id, deleted: true });
	expect(cw.state.contacts).toHaveLength(0);
	// The explicit account never needed the profile.
	expect(cw.calls({ path: '/api/v1/profile' })).toHaveLength(0);
});

test('get many: Return All walks every page of 15, Limit stops early', async () => {
	seedContacts(37);
	const all = await run({ operation: 'getAll', returnAll: true, filters: { sort: 'name' } });
	expect(all.items).toHaveLength(37);
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts' }).map((r) => r.query.page)).toEqual(['1', '2', '3']);
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts' })[0].query.sort).toBe('name');

	cw.requests.length = 0;
	const limited = await run({ operation: 'getAll', returnAll: false, limit: 20 });
	expect(limited.items).toHaveLength(20);
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts' })).toHaveLength(2);
});

test('get many with a label filter sends labels[]', async () => {
	seedContacts(3);
	cw.state.contactLabels[2] = ['vip'];
	const { items } = await run({ operation: 'getAll', returnAll: true, filters: { labels: ['vip'] } });
	expect(items.map((i) => i.json.id)).toEqual([2]);
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts' })[0].query.labels).toEqual(['vip']);
});

test('search pages by has_more', async () => {
	seedContacts(31);
	const { items } = await run({ operation: 'search', q: 'shop.test', returnAll: true });
	expect(items).toHaveLength(31);
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts/search' })).toHaveLength(3);
});

test('filter sends Chatwoot filter conditions', async () => {
	seedContacts(5);
	cw.state.contacts[3].custom_attributes = { plan: 'pro' };
	const { items, error } = await run({
		operation: 'filter',
		returnAll: true,
		conditions: {
			condition: [
				{ attribute_key: 'plan', filter_operator: 'equal_to', values: 'pro', query_operator: 'OR' },
				// filter_keys.yml allows no is_present on email (Chatwoot answers 422): labels take it.
				{ attribute_key: 'labels', filter_operator: 'is_present', values: '', query_operator: 'AND' },
			],
		},
	});
	expect(error).toBeUndefined();
	expect(items.length).toBeGreaterThan(0);
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts/filter' })[0].body).toEqual({
		payload: [
			{ attribute_key: 'plan', filter_operator: 'equal_to', values: ['pro'], query_operator: 'OR' },
			{ attribute_key: 'labels', filter_operator: 'is_present', values: [] },
		],
	});
});

test('labels: add keeps existing, remove drops, replace sets', async () => {
	const contact = cw.state.addContact({ name: 'L', email: 'l@x.test' });
	cw.state.contactLabels[contact.id as number] = ['lead'];
	const added = await run({ operation: 'addLabels', contactId: contact.id, labels: ['vip', 'lead'] });
	expect(added.items[0].json).toEqual({ id: contact.id, labels: ['lead', 'vip'] });
	const removed = await run({ operation: 'removeLabels', contactId: contact.id, labels: ['lead'] });
	expect(removed.items[0].json.labels).toEqual(['vip']);
	const replaced = await run({ operation: 'setLabels', contactId: contact.id, labels: ['billing'] });
	expect(replaced.items[0].json.labels).toEqual(['billing']);
});

test('conversations of a contact, contact inbox session, merge', async () => {
	const a = cw.state.addContact({ name: 'A', email: 'a@x.test' });
	const b = cw.state.addContact({ name: null, phone_number: '+15550001' });
	cw.state.addConversation({ contact_id: a.id });
	cw.state.addConversation({ contact_id: b.id });

	const conversations = await run({ operation: 'getConversations', contactId: a.id });
	expect(conversations.items).toHaveLength(1);

	const session = await run({ operation: 'createContactInbox', contactId: a.id, inboxId: 1, sourceId: 'crm-42' });
	expect(session.items[0].json).toMatchObject({ source_id: 'crm-42', inbox: { id: 1 } });
	const verified = await run({ operation: 'createContactInbox', contactId: a.id, inboxId: 2, hmacVerified: true });
	expect(cw.calls({ method: 'POST', path: `/api/v1/accounts/1/contacts/${a.id}/contact_inboxes` })[1].body).toEqual({ inbox_id: 2, hmac_verified: true });
	expect(verified.error).toBeUndefined();
	expect(cw.state.contactInboxes.find((ci) => ci.contact_id === a.id && ci.inbox_id === 2)?.hmac_verified).toBe(true);

	const merged = await run({ operation: 'merge', baseContactId: a.id, mergeeContactId: b.id });
	expect(merged.error).toBeUndefined();
	expect(merged.items[0].json).toMatchObject({ base_contact_id: a.id, merged_contact_id: b.id });
	expect(cw.state.contacts.map((c) => c.id)).toEqual([a.id]);

	const self = await run({ operation: 'merge', baseContactId: a.id, mergeeContactId: a.id });
	expect(self.error?.message).toBe('A contact cannot be merged into itself');
});

test('one output item per input item, paired; continueOnFail keeps going', async () => {
	const c1 = cw.state.addContact({ name: 'One', email: '1@x.test' });
	const { items } = await run(
		{ operation: 'get', contactId: '={{ $json.id }}' },
		{ input: [{ json: { id: c1.id as number } }, { json: { id: 999 } }, { json: { id: c1.id as number } }], continueOnFail: true },
	);
	expect(items).toHaveLength(3);
	expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(items[1].json.error).toBe('The requested Chatwoot resource was not found');
	expect(items[2].json.name).toBe('One');
});

test('get labels and contactable inboxes; the contact can be given by URL', async () => {
	const contact = cw.state.addContact({ name: 'Cara', email: 'cara@x.test' });
	cw.state.contactLabels[contact.id as number] = ['vip', 'lead'];
	cw.state.addContactInbox(contact.id as number, 1, 'cara-session');
	const byUrl = { __rl: true, mode: 'url', value: `${cw.url}/app/accounts/1/contacts/${contact.id}` };
	const labels = await run({ operation: 'getLabels', contactId: byUrl });
	expect(labels.error).toBeUndefined();
	expect(labels.items[0].json).toEqual({ id: contact.id, labels: ['vip', 'lead'] });
	expect(cw.calls({ method: 'POST' })).toHaveLength(0);

	const inboxes = await run({ operation: 'getContactableInboxes', contactId: { __rl: true, mode: 'id', value: String(contact.id) } });
	expect(inboxes.items.map((i) => [(i.json.inbox as { id: number }).id, i.json.source_id])).toEqual([
		[1, 'cara-session'],
		[2, null],
	]);
});

test('the contact picker lists contacts, and searches (anonymous ones too) with has_more', async () => {
	for (let i = 1; i <= 17; i++) cw.state.addContact({ name: `Known ${i}`, email: `k${i}@x.test` });
	cw.state.addContact({ name: 'Anonymous Annie' });
	const ctx = loadOptionsContext({ nodeType: node, parameters: { resource: 'contact', accountId: 1 } as never, credentials: { chatwootApi: cw.credentials() } });
	const first = await node.methods.listSearch.searchContacts.call(ctx);
	expect(first.results).toHaveLength(15);
	expect(first.results[0]).toEqual(expect.objectContaining({ url: expect.stringMatching(new RegExp(`/app/accounts/1/contacts/\\d+$`)) }));
	expect(first.paginationToken).toBe('2');
	expect((await node.methods.listSearch.searchContacts.call(ctx, undefined, '2')).paginationToken).toBeUndefined();
	const annie = await node.methods.listSearch.searchContacts.call(ctx, 'annie');
	expect(annie.results.map((r) => r.name)).toEqual(['Anonymous Annie']);
	expect(annie.paginationToken).toBeUndefined();
});

test('sort keys of ContactsController: created_at, company, city, country, both directions', async () => {
	const sort = node.description.properties
		.filter((p) => p.name === 'filters' && p.displayOptions?.show?.operation?.includes('getAll') && p.displayOptions?.show?.resource?.includes('contact'))
		.flatMap((p) => (p.options as Array<{ name: string; options?: Array<{ value: string }> }>).filter((o) => o.name === 'sort'))[0];
	expect(sort.options?.map((o) => o.value)).toEqual(expect.arrayContaining(['created_at', '-created_at', 'company_name', '-city', 'country']));
	seedContacts(3);
	await run({ operation: 'getAll', returnAll: true, filters: { sort: '-created_at' } });
	expect(cw.calls({ path: '/api/v1/accounts/1/contacts' })[0].query.sort).toBe('-created_at');
});
