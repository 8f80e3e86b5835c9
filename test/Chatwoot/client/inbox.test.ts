import { FakeChatwoot } from '../../servers/chatwoot/server';

import { clientCredentials, PUBLIC, runClient } from './helpers';

let cw: FakeChatwoot;
beforeEach(async () => {
	cw = await FakeChatwoot.start();
});
afterEach(async () => {
	expect(cw.violations).toEqual([]);
	await cw.stop();
});

test('inbox get: the public settings of the API inbox, HMAC enforcement included', async () => {
	cw.state.inboxes[0].hmac_mandatory = true;
	const { items, error } = await runClient(cw, { resource: 'inbox', operation: 'get' });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ identifier: 'inbox-ident-1', identity_validation_enabled: true, name: 'API Bridge', timezone: 'UTC' });
	expect(cw.calls({ method: 'GET', path: PUBLIC })).toHaveLength(1);
	expect(JSON.stringify(items)).not.toContain('inbox-hmac-token');
});

test('inbox get of an unknown identifier: a clear 404 that does not repeat the identifier', async () => {
	const { error } = await runClient(cw, { resource: 'inbox', operation: 'get' }, { credentials: { chatwootClientApi: clientCredentials(cw, { inboxIdentifier: 'no-such-inbox-xyz' }) } });
	expect(error?.httpCode).toBe('404');
	expect(`${error?.message} ${error?.description}`).not.toContain('no-such-inbox-xyz');
});
