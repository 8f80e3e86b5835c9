import { createHmac } from 'crypto';

import { FakeChatwoot } from '../../servers/chatwoot/server';
import { clientCredentials, errorText, HMAC_TOKEN, PUBLIC, runClient, seedContact } from './helpers';

let cw: FakeChatwoot;

/** The value Chatwoot's valid_hmac? computes, written out independently of the node's helper. */
const expectedHash = (identifier: string, token = HMAC_TOKEN) =>
	createHmac('sha256', token).update(identifier).digest('hex');

beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

describe('contact create', () => {
	test('sends identifier_hash = hex HMAC-SHA256(hmac token, identifier) and returns the source_id', async () => {
		const { items, error } = await runClient(cw, {
			resource: 'contact',
			operation: 'create',
			identifier: 'user-1042',
			additionalFields: {
				name: 'Ada Customer',
				email: 'ada@shop.test',
				phoneNumber: '+4915112345678',
				avatarUrl: 'https://cdn.shop.test/ada.png',
				customAttributes: { attribute: [{ key: 'plan', value: 'pro' }] },
			},
		});
		expect(error).toBeUndefined();
		const [post] = cw.calls({ method: 'POST', path: `${PUBLIC}/contacts` });
		expect(post.body).toEqual({
			identifier: 'user-1042',
			identifier_hash: expectedHash('user-1042'),
			name: 'Ada Customer',
			email: 'ada@shop.test',
			phone_number: '+4915112345678',
			avatar_url: 'https://cdn.shop.test/ada.png',
			custom_attributes: { plan: 'pro' },
		});
		expect((post.body as { identifier_hash: string }).identifier_hash).toMatch(/^[0-9a-f]{64}$/);
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			id: 1,
			name: 'Ada Customer',
			email: 'ada@shop.test',
			phone_number: '+4915112345678',
			source_id: expect.any(String),
			pubsub_token: expect.any(String),
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(cw.state.contactInboxes[0].source_id).toBe(items[0].json.source_id);
		expect(JSON.stringify(items)).not.toContain(HMAC_TOKEN);
	});

	test('without an HMAC token in the credential no hash is sent', async () => {
		const { items, error } = await runClient(
			cw,
			{ resource: 'contact', operation: 'create', identifier: 'user-7', additionalFields: { name: 'No Hash' } },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { hmacToken: '' }) } },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.name).toBe('No Hash');
		const [post] = cw.calls({ method: 'POST', path: `${PUBLIC}/contacts` });
		expect(post.body).toEqual({ identifier: 'user-7', name: 'No Hash', custom_attributes: {} });
	});

	test('without an identifier no hash is sent, even with a token; a chosen source_id is used', async () => {
		const { items, error } = await runClient(cw, {
			resource: 'contact',
			operation: 'create',
			identifier: '',
			additionalFields: { sourceId: 'my-own-session-0f3a9c' },
		});
		expect(error).toBeUndefined();
		expect(items[0].json.source_id).toBe('my-own-session-0f3a9c');
		expect(cw.calls({ method: 'POST' })[0].body).toEqual({ source_id: 'my-own-session-0f3a9c', custom_attributes: {} });
	});

	test('a wrong HMAC token gives a clear error that contains no secret', async () => {
		const wrongToken = 'wrong-hmac-token-123';
		const { items, error } = await runClient(
			cw,
			{ resource: 'contact', operation: 'create', identifier: 'user-1042' },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { hmacToken: wrongToken }) } },
		);
		expect(items).toEqual([]);
		expect(error?.message).toBe('Chatwoot rejected the identifier hash (HMAC)');
		expect(error?.description).toContain("must be the inbox's HMAC token");
		expect(error?.httpCode).toBe('500');
		const [post] = cw.calls({ method: 'POST' });
		expect((post.body as { identifier_hash: string }).identifier_hash).toBe(expectedHash('user-1042', wrongToken));
		const serialized = JSON.stringify(error) + String(error?.message) + String(error?.description);
		expect(serialized).not.toContain(wrongToken);
		expect(serialized).not.toContain(HMAC_TOKEN);
		expect(serialized).not.toContain(expectedHash('user-1042', wrongToken));
		expect(cw.state.contacts).toHaveLength(0);
	});

	test('an inbox that enforces identity validation explains what is missing', async () => {
		cw.state.inboxes[0].hmac_mandatory = true;
		const noToken = await runClient(
			cw,
			{ resource: 'contact', operation: 'create', identifier: 'user-1042' },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { hmacToken: '' }) } },
		);
		expect(noToken.error?.message).toBe('This inbox requires identity validation (HMAC), but no identifier hash was sent');
		expect(noToken.error?.description).toContain('as HMAC Token in the Chatwoot Client API credential');

		const noIdentifier = await runClient(cw, { resource: 'contact', operation: 'create', identifier: '' });
		expect(noIdentifier.error?.message).toBe('This inbox requires identity validation (HMAC), but no identifier hash was sent');
		expect(noIdentifier.error?.description).toContain('Fill "Identifier"');

		const ok = await runClient(cw, { resource: 'contact', operation: 'create', identifier: 'user-1042' });
		expect(ok.error).toBeUndefined();
		expect(ok.items[0].json.source_id).toEqual(expect.any(String));
	});

	test('a wrong inbox identifier is reported as such, without echoing it', async () => {
		const { error } = await runClient(
			cw,
			{ resource: 'contact', operation: 'create', identifier: 'user-1042' },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { inboxIdentifier: 'not-my-inbox-42' }) } },
		);
		expect(error?.message).toBe('No API-channel inbox matches the Inbox Identifier of the credential');
		expect(error?.description).toContain('Settings → Inboxes → your API inbox → Configuration');
		expect(error?.httpCode).toBe('404');
		expect(JSON.stringify(error) + String(error?.description)).not.toContain('not-my-inbox-42');
		// the node asked the inbox endpoint to tell a wrong inbox from a wrong contact
		expect(cw.calls({ method: 'GET', path: '/public/api/v1/inboxes/not-my-inbox-42' })).toHaveLength(1);
	});
});

describe('contact get', () => {
	test('returns the contact of a source_id; no hash without an identifier', async () => {
		const { sourceId } = seedContact(cw);
		const { items, error } = await runClient(cw, { resource: 'contact', operation: 'get', contactIdentifier: sourceId });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: 1, name: 'Ada Customer', email: 'ada@shop.test', source_id: sourceId });
		const [get] = cw.calls({ method: 'GET' });
		expect(get.query).toEqual({});
	});

	test('with an identifier it sends identifier and identifier_hash as query parameters', async () => {
		const { sourceId } = seedContact(cw);
		const { error } = await runClient(cw, {
			resource: 'contact',
			operation: 'get',
			contactIdentifier: sourceId,
			identifier: 'user-1042',
		});
		expect(error).toBeUndefined();
		expect(cw.calls({ method: 'GET' })[0].query).toEqual({ identifier: 'user-1042', identifier_hash: expectedHash('user-1042') });
	});

	test('an unknown contact identifier in an existing inbox is reported as an unknown contact', async () => {
		seedContact(cw);
		const { error } = await runClient(cw, { resource: 'contact', operation: 'get', contactIdentifier: 'src-unknown-abcdef' });
		expect(error?.message).toBe('No contact with this Contact Identifier in the inbox');
		expect(error?.description).toContain('source_id that Contact → Create returned');
		expect(errorText(error)).not.toContain('src-unknown-abcdef');
		expect(errorText(error)).not.toContain('inbox-ident-1');
	});

	test('a wrong token on get is reported as an HMAC failure', async () => {
		const { sourceId } = seedContact(cw);
		const { error } = await runClient(
			cw,
			{ resource: 'contact', operation: 'get', contactIdentifier: sourceId, identifier: 'user-1042' },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { hmacToken: 'not-the-token' }) } },
		);
		expect(error?.message).toBe('Chatwoot rejected the identifier hash (HMAC)');
		expect(JSON.stringify(error) + String(error?.description)).not.toContain('not-the-token');
		// A rejected hash is a verdict: the GET is not retried.
		expect(cw.calls({ method: 'GET', path: new RegExp(`/contacts/${sourceId}$`) })).toHaveLength(1);
	});
});

describe('contact update', () => {
	test('sends the changed fields, plus identifier and its hash for Chatwoot to check', async () => {
		const { sourceId, contact } = seedContact(cw, { custom_attributes: { plan: 'free', tier: '1' } });
		const { items, error } = await runClient(cw, {
			resource: 'contact',
			operation: 'update',
			contactIdentifier: sourceId,
			identifier: 'user-1042',
			updateFields: { name: 'Ada L.', phoneNumber: '+4915100000001', customAttributes: { attribute: [{ key: 'plan', value: 'pro' }] } },
		});
		expect(error).toBeUndefined();
		const [patch] = cw.calls({ method: 'PATCH' });
		expect(patch.path).toBe(`${PUBLIC}/contacts/${sourceId}`);
		expect(patch.body).toEqual({
			name: 'Ada L.',
			phone_number: '+4915100000001',
			custom_attributes: { plan: 'pro' },
			identifier: 'user-1042',
			identifier_hash: expectedHash('user-1042'),
		});
		expect(items[0].json).toMatchObject({ id: contact.id, name: 'Ada L.', custom_attributes: { plan: 'pro', tier: '1' } });
		expect(JSON.stringify(items)).not.toContain(HMAC_TOKEN);
	});

	test('without an identifier (or without a token) neither identifier nor hash is sent', async () => {
		const { sourceId } = seedContact(cw);
		const withToken = await runClient(cw, {
			resource: 'contact',
			operation: 'update',
			contactIdentifier: sourceId,
			updateFields: { email: 'new@shop.test' },
		});
		expect(withToken.error).toBeUndefined();
		const noToken = await runClient(
			cw,
			{ resource: 'contact', operation: 'update', contactIdentifier: sourceId, identifier: 'user-1042', updateFields: { name: 'Z' } },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { hmacToken: '' }) } },
		);
		expect(noToken.error).toBeUndefined();
		expect(cw.calls({ method: 'PATCH' }).map((r) => r.body)).toEqual([{ email: 'new@shop.test' }, { name: 'Z' }]);
	});

	test('a wrong token fails the update with the HMAC message and changes nothing', async () => {
		const { sourceId, contact } = seedContact(cw);
		const { error } = await runClient(
			cw,
			{ resource: 'contact', operation: 'update', contactIdentifier: sourceId, identifier: 'user-1042', updateFields: { name: 'Mallory' } },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { hmacToken: 'stolen-or-stale-token' }) } },
		);
		expect(error?.message).toBe('Chatwoot rejected the identifier hash (HMAC)');
		expect(contact.name).toBe('Ada Customer');
		expect(JSON.stringify(error) + String(error?.description)).not.toContain('stolen-or-stale-token');
	});

	test('an update without fields is refused before any request', async () => {
		const { sourceId } = seedContact(cw);
		const { error } = await runClient(
			cw,
			{ resource: 'contact', operation: 'update', contactIdentifier: sourceId, updateFields: {} },
			{ credentials: { chatwootClientApi: clientCredentials(cw, { hmacToken: '' }) } },
		);
		expect(error?.message).toBe('Add at least one field to update');
		expect(cw.requests).toHaveLength(0);
	});
});
