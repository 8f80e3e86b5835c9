import { chatwootSuite, node } from './suite';

/** Account, Profile and Audit Log: singletons of the token and of the chosen account. */
const suite = chatwootSuite('account');

test('account get and update: settings and custom attributes as AccountsController merges them', async () => {
	const got = await suite.run({ operation: 'get', accountId: 1 });
	expect(got.error).toBeUndefined();
	expect(got.items[0].json).toMatchObject({ id: 1, name: 'Acme Support', locale: 'en', latest_chatwoot_version: '4.15.1' });
	expect(suite.cw.calls({ method: 'GET', path: '/api/v1/accounts/1' })).toHaveLength(1);

	const updated = await suite.run({ operation: 'update', accountId: 1, updateFields: { name: 'Acme Care', timezone: 'Europe/Berlin', auto_resolve_after: 2880, auto_resolve_ignore_waiting: true } });
	expect(updated.error).toBeUndefined();
	expect(suite.cw.calls({ method: 'PATCH', path: '/api/v1/accounts/1' })[0].body).toEqual({ name: 'Acme Care', timezone: 'Europe/Berlin', auto_resolve_after: 2880, auto_resolve_ignore_waiting: true });
	expect(updated.items[0].json).toMatchObject({ name: 'Acme Care', settings: { auto_resolve_after: 2880, auto_resolve_ignore_waiting: true }, custom_attributes: { timezone: 'Europe/Berlin' } });
});

test('profile get and update leave the access token and pubsub token out; Account is hidden for Profile', async () => {
	const got = await suite.run({ resource: 'profile', operation: 'get' });
	expect(got.error).toBeUndefined();
	expect(got.items[0].json).toMatchObject({ id: 1, email: 'ops@acme.test', accounts: [{ id: 1 }, { id: 2 }] });
	expect(JSON.stringify(got.items)).not.toMatch(/access_token|pubsub_token|user-pubsub-token-abc|redacted-in-fixture/);

	const updated = await suite.run({ resource: 'profile', operation: 'update', updateFields: { display_name: 'Liv', phone_number: '+4915100000001', ui_settings: '{"is_ct_labels_open": true}' } });
	expect(updated.error).toBeUndefined();
	expect(suite.cw.calls({ method: 'PUT', path: '/api/v1/profile' })[0].body).toEqual({ profile: { display_name: 'Liv', phone_number: '+4915100000001', ui_settings: { is_ct_labels_open: true } } });
	expect(updated.items[0].json).toMatchObject({ display_name: 'Liv', custom_attributes: { phone_number: '+4915100000001' } });
	expect(JSON.stringify(updated.items)).not.toMatch(/access_token|pubsub_token/);

	const account = node.description.properties.find((p) => p.name === 'accountId');
	expect(account?.displayOptions).toEqual({ hide: { resource: ['profile'] } });
});

test('audit logs: 25 per page, newest first, Return All reads total_entries; Limit stops early', async () => {
	for (let i = 1; i <= 60; i++) {
		suite.cw.state.auditLogs.push({ id: i, associated_id: 1, associated_type: 'Account', auditable_type: 'Label', auditable_id: i, action: 'create', user_id: 1, username: 'ops@acme.test', created_at: 1763700000 + i });
	}
	const all = await suite.run({ resource: 'auditLog', operation: 'getAll', accountId: 1, returnAll: true });
	expect(all.error).toBeUndefined();
	expect(all.items).toHaveLength(60);
	expect(all.items[0].json.id).toBe(60);
	expect(suite.cw.calls({ path: '/api/v1/accounts/1/audit_logs' }).map((r) => r.query.page)).toEqual(['1', '2', '3']);

	suite.cw.requests.length = 0;
	const some = await suite.run({ resource: 'auditLog', operation: 'getAll', accountId: 1, limit: 30 });
	expect(some.items).toHaveLength(30);
	expect(suite.cw.calls({ path: '/api/v1/accounts/1/audit_logs' })).toHaveLength(2);
});

test('audit logs of an account without the feature: an empty list, as Chatwoot answers', async () => {
	suite.cw.state.accounts[0].features = {};
	suite.cw.state.auditLogs.push({ id: 1, associated_id: 1, action: 'create', created_at: 1763700000 });
	const { items, error } = await suite.run({ resource: 'auditLog', operation: 'getAll', accountId: 1, returnAll: true });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(0);
});
