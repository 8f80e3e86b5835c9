import { chatwootSuite } from './suite';

/**
 * Issue 13 items 8 and 9 for the action node, against the Chatwoot-like server that
 * filters, searches and pages as Chatwoot 4.15.1 does (test/servers/chatwoot/handlers).
 */
const suite = chatwootSuite('contact');

function seedCustomers(count: number) {
	for (let i = 1; i <= count; i++) suite.cw.state.addContact({ name: `Customer ${i}`, email: `c${i}@shop.test`, additional_attributes: { city: i % 2 ? 'Berlin' : 'Paris' } });
}

describe('contact filter with several values', () => {
	test('every value counts: Equal To with two cities finds both (Chatwoot itself compares only values[0])', async () => {
		seedCustomers(4);
		suite.cw.state.addContact({ name: 'Lisbon Lena', email: 'lena@shop.test', additional_attributes: { city: 'Lisbon' } });
		const { items, error } = await suite.run({
			operation: 'filter',
			returnAll: true,
			conditions: { condition: [{ attribute_key: 'city', filter_operator: 'equal_to', values: 'Berlin, Lisbon' }] },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.name).sort()).toEqual(['Customer 1', 'Customer 3', 'Lisbon Lena']);
		expect(suite.cw.calls({ path: '/api/v1/accounts/1/contacts/filter' })[0].body).toEqual({
			payload: [
				{ attribute_key: 'city', filter_operator: 'equal_to', values: ['Berlin'], query_operator: 'OR' },
				{ attribute_key: 'city', filter_operator: 'equal_to', values: ['Lisbon'] },
			],
		});
	});

	test('inside an AND-group the group is repeated per value, so AND still binds (SQL precedence)', async () => {
		seedCustomers(4);
		suite.cw.state.contactLabels[1] = ['vip'];
		suite.cw.state.contactLabels[2] = ['vip'];
		const { items } = await suite.run({
			operation: 'filter',
			returnAll: true,
			conditions: {
				condition: [
					{ attribute_key: 'labels', filter_operator: 'equal_to', values: 'vip', query_operator: 'AND' },
					{ attribute_key: 'city', filter_operator: 'equal_to', values: 'Berlin,Paris' },
				],
			},
		});
		expect(items.map((i) => i.json.name).sort()).toEqual(['Customer 1', 'Customer 2']);
		expect((suite.cw.calls({ path: '/api/v1/accounts/1/contacts/filter' })[0].body as { payload: unknown[] }).payload).toEqual([
			{ attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'], query_operator: 'AND' },
			{ attribute_key: 'city', filter_operator: 'equal_to', values: ['Berlin'], query_operator: 'OR' },
			{ attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'], query_operator: 'AND' },
			{ attribute_key: 'city', filter_operator: 'equal_to', values: ['Paris'] },
		]);
	});

	test('Not Equal To with several values excludes all of them; one value per greater/less/days condition', async () => {
		seedCustomers(4);
		suite.cw.state.addContact({ name: 'Lisbon Lena', email: 'lena@shop.test', additional_attributes: { city: 'Lisbon' } });
		const { items } = await suite.run({
			operation: 'filter',
			returnAll: true,
			conditions: { condition: [{ attribute_key: 'city', filter_operator: 'not_equal_to', values: 'Berlin, Paris' }] },
		});
		expect(items.map((i) => i.json.name)).toEqual(['Lisbon Lena']);

		const refused = await suite.run({
			operation: 'filter',
			conditions: { condition: [{ attribute_key: 'created_at', filter_operator: 'is_greater_than', values: '2025-01-01, 2025-06-01' }] },
		});
		expect(refused.error?.message).toBe('"Is Greater Than" takes one value, the created_at condition has 2');
		expect(suite.cw.calls({ path: '/api/v1/accounts/1/contacts/filter' })).toHaveLength(1);
	});

	test('an operator filter_keys.yml does not allow for the attribute is refused with the ones it allows', async () => {
		const { error } = await suite.run({
			operation: 'filter',
			conditions: { condition: [{ attribute_key: 'email', filter_operator: 'starts_with', values: 'ada' }] },
		});
		expect(error?.message).toBe('Chatwoot does not filter Email with "Starts With"');
		expect(error?.description).toBe('For Email Chatwoot accepts: Equal To, Not Equal To, Contains, Does Not Contain (lib/filters/filter_keys.yml).');
		expect(suite.cw.calls({ path: '/api/v1/accounts/1/contacts/filter' })).toHaveLength(0);
	});

	test('Not Equal To on a custom attribute is accepted only as the last condition, with one value', async () => {
		const { error } = await suite.run({
			operation: 'filter',
			conditions: {
				condition: [
					{ attribute_key: 'plan', filter_operator: 'not_equal_to', values: 'free' },
					{ attribute_key: 'city', filter_operator: 'equal_to', values: 'Berlin' },
				],
			},
		});
		expect(error?.message).toBe('Chatwoot accepts "Not Equal To" on the custom attribute plan only once, as the last condition');
	});

	test('the dropdowns offer per attribute what Chatwoot accepts', async () => {
		const path = 'parameters.conditions.condition[0].filter_operator';
		const parameters = (attribute: string) => ({ operation: 'filter', conditions: { condition: [{ attribute_key: attribute }] } });
		const methods = (await import('../../../nodes/Chatwoot/methods/loadOptions')) as unknown as Record<string, (this: unknown) => Promise<Array<{ name: string; value: string }>>>;
		const call = async (method: string, attribute: string) => (await methods[method].call(suite.options(parameters(attribute), path))).map((o) => o.value);
		expect(await call('getContactFilterOperators', 'phone_number')).toEqual(['equal_to', 'not_equal_to', 'contains', 'does_not_contain', 'starts_with']);
		expect(await call('getContactFilterOperators', 'created_at')).toEqual(['is_greater_than', 'is_less_than', 'days_before']);
		expect(await call('getContactFilterOperators', 'plan')).toEqual(['equal_to', 'not_equal_to', 'is_present', 'is_not_present']);
		expect(await call('getConversationFilterOperators', 'status')).toEqual(['equal_to', 'not_equal_to']);
		expect(await call('getConversationFilterOperators', 'order_id')).toEqual(['equal_to', 'not_equal_to', 'contains', 'does_not_contain', 'is_present', 'is_not_present']);
		const attributes = await methods.getContactFilterAttributes.call(suite.options(parameters('')));
		expect(attributes.map((a) => a.name)).toEqual(expect.arrayContaining(['Email', 'Phone Number', 'Plan (Custom)']));
		expect(attributes.map((a) => a.name)).not.toContain('Order ID (Custom)');
	});

	test('texts say that Filter, like Get Many, never finds anonymous contacts; Search does', async () => {
		const { node } = await import('./suite');
		const notice = (operation: string) =>
			node.description.properties.find((p) => p.type === 'notice' && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation) && p.displayOptions?.show?.resource?.includes('contact'))?.displayName;
		expect(notice('filter')).toMatch(/Use Search to find anonymous contacts/);
		expect(notice('getAll')).toMatch(/Use Search to find anonymous contacts/);
		expect(notice('getAll')).not.toMatch(/Search or Filter/);
		suite.cw.state.addContact({ name: 'Anonymous visitor' });
		const filtered = await suite.run({ operation: 'filter', returnAll: true, conditions: { condition: [{ attribute_key: 'name', filter_operator: 'contains', values: 'visitor' }] } });
		expect(filtered.items).toHaveLength(0);
		const searched = await suite.run({ operation: 'search', q: 'visitor', returnAll: true });
		expect(searched.items.map((i) => i.json.name)).toEqual(['Anonymous visitor']);
	});
});

describe('conversation lists', () => {
	function seedConversations(count: number, status = 'open') {
		const contact = suite.cw.state.addContact({ name: 'Zoe', email: 'zoe@shop.test' });
		for (let i = 0; i < count; i++) {
			const c = suite.cw.state.addConversation({ contact_id: contact.id, status: i % 3 === 0 ? 'resolved' : status });
			suite.cw.state.addMessage({ conversation_id: c.id, content: i % 2 ? 'Where is my parcel?' : 'Hello', message_type: 0 });
		}
	}

	test('a server with CONVERSATION_RESULTS_PER_PAGE below 25 is read to the end (count, not a short page)', async () => {
		suite.cw.state.conversationsPerPage = 10;
		seedConversations(37, 'open');
		const { items, error } = await suite.run({ resource: 'conversation', operation: 'getAll', returnAll: true, filters: { status: 'all' } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(37);
		expect(suite.cw.calls({ method: 'GET', path: '/api/v1/accounts/1/conversations' }).map((r) => r.query.page)).toEqual(['1', '2', '3', '4']);
	});

	test('a search term: Chatwoot ignores the status, so the chosen one is applied here, through every page', async () => {
		suite.cw.state.conversationsPerPage = 10;
		seedConversations(30);
		const { items, error } = await suite.run({ resource: 'conversation', operation: 'getAll', returnAll: true, filters: { q: 'parcel', status: 'open' } });
		expect(error).toBeUndefined();
		const expected = suite.cw.state.conversations.filter((c) => c.status === 'open' && suite.cw.state.messages.some((m) => m.conversation_id === c.id && String(m.content).includes('parcel')));
		expect(items.map((i) => i.json.id).sort()).toEqual(expected.map((c) => c.id).sort());
		expect(items.every((i) => i.json.status === 'open')).toBe(true);
		const calls = suite.cw.calls({ method: 'GET', path: '/api/v1/accounts/1/conversations' });
		// No status is sent with a search; the pages run until an empty one.
		expect(calls.every((r) => r.query.status === undefined && r.query.q === 'parcel')).toBe(true);
		expect(calls.map((r) => r.query.page)).toEqual(['1', '2', '3']);

		const anyStatus = await suite.run({ resource: 'conversation', operation: 'getAll', returnAll: true, filters: { q: 'parcel' } });
		expect(anyStatus.items.length).toBeGreaterThan(items.length);
	});

	test('the search term says that it sets the status aside', async () => {
		const { node } = await import('./suite');
		const filters = node.description.properties.find((p) => p.name === 'filters' && p.displayOptions?.show?.resource?.includes('conversation'));
		const q = (filters?.options as Array<{ name: string; description?: string }>).find((o) => o.name === 'q');
		expect(q?.description).toMatch(/Chatwoot then ignores the status/);
	});

	test('Create says that bot inboxes start conversations pending', async () => {
		const { node } = await import('./suite');
		const notice = node.description.properties.find((p) => p.name === 'createNotice' && p.displayOptions?.show?.resource?.includes('conversation'));
		expect(notice?.displayName).toMatch(/active agent bot the conversation starts Pending/);
	});
});
