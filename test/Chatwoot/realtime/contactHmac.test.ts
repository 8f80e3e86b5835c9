import { createHmac, randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { ChatwootRealtimeTrigger } from '../../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { createTriggerEnv, startTrigger } from '../../harness/contexts';
import { waitFor } from '../../harness/deferred';
import { FakeCable } from './fakeCable';
import { FakeChatwootRest } from './fakeRest';

// Issue 13.7: contact mode on an inbox with identity validation (hmac_mandatory). Chatwoot's
// ContactsController#process_hmac (97bb8ecd3) raises, HTTP 500, without a valid identifier_hash.
jest.setTimeout(30_000);

let rest: FakeChatwootRest;
let cable: FakeCable;
const subscribed: string[] = [];

beforeEach(async () => {
	subscribed.length = 0;
	rest = await FakeChatwootRest.start(`utok-${randomBytes(6).toString('hex')}`);
	rest.hmacMandatory = true;
	rest.contacts.set('src-known', { id: 7, source_id: 'src-known', pubsub_token: 'ctok-known', name: 'Jane' });
	cable = await FakeCable.start((connection) => {
		connection.onCommand((command) => {
			subscribed.push(command.identifier);
			connection.confirm(command.identifier);
		});
		connection.welcome();
	});
});

afterEach(async () => {
	await cable.close();
	await rest.close();
});

function env(parameters: IDataObject, hmacToken: string) {
	return createTriggerEnv({
		nodeType: new ChatwootRealtimeTrigger(),
		parameters: { mode: 'contact', events: [], options: { websocketUrl: cable.url, subscriptionTimeout: 1, reconnectDelay: 0.05, maxReconnectDelay: 0.1 }, ...parameters },
		credentials: { chatwootClientApi: { baseUrl: rest.url, inboxIdentifier: rest.inboxIdentifier, hmacToken } },
	});
}

const contactCalls = () => rest.requests.filter((r) => r.path.includes('/contacts'));

describe('contact mode on an HMAC-mandatory inbox (issue 13.7)', () => {
	test('existing contact: identifier and identifier_hash are sent, the contact subscribes', async () => {
		const run = await startTrigger(env({ contactSource: 'sourceId', sourceId: 'src-known', hmacIdentifier: 'jane-42' }, rest.hmacToken));
		try {
			await waitFor(() => subscribed.length > 0, { what: 'subscription' });
			expect(JSON.parse(subscribed[0])).toEqual({ channel: 'RoomChannel', pubsub_token: 'ctok-known' });
			const expected = createHmac('sha256', rest.hmacToken).update('jane-42').digest('hex');
			expect(contactCalls()[0].query).toEqual({ identifier: 'jane-42', identifier_hash: expected });
			expect(run.errors).toEqual([]);
		} finally {
			await run.close();
		}
	});

	test('created contact: the hash goes with the create call', async () => {
		const run = await startTrigger(env({ contactSource: 'create', contactFields: { identifier: 'new-1', name: 'New' } }, rest.hmacToken));
		try {
			await waitFor(() => subscribed.length > 0, { what: 'subscription' });
			expect(run.errors).toEqual([]);
		} finally {
			await run.close();
		}
	});

	/** Activates, waits for the (single) reported error, closes. */
	async function firstError(parameters: IDataObject, hmacToken: string) {
		const run = await startTrigger(env(parameters, hmacToken));
		try {
			await waitFor(() => run.errors.length > 0, { what: 'the error' });
			return run.errors[0] as Error & { description?: string };
		} finally {
			await run.close();
		}
	}

	test('no HMAC token on the credential: one clear, permanent error, no retries for ever', async () => {
		const error = await firstError({ contactSource: 'sourceId', sourceId: 'src-known', hmacIdentifier: 'jane-42' }, '');
		expect(error.message).toBe('This inbox requires identity validation (HMAC), but no identifier hash can be sent');
		expect(error.description).toMatch(/as HMAC Token in the Chatwoot Client API credential/);
		expect(contactCalls()).toHaveLength(1); // a verdict, not retried
		expect(subscribed).toEqual([]);
	});

	test('no identifier: says to fill it', async () => {
		const error = await firstError({ contactSource: 'sourceId', sourceId: 'src-known' }, rest.hmacToken);
		expect(error.description).toMatch(/^Fill "Identifier"/);
	});

	test('a wrong HMAC token: "rejected the identifier hash", permanent, the token never shown', async () => {
		const error = await firstError({ contactSource: 'sourceId', sourceId: 'src-known', hmacIdentifier: 'jane-42' }, 'wrong-token-SECRET');
		expect(error.message).toBe('Chatwoot rejected the identifier hash (HMAC) of the contact');
		expect(JSON.stringify(error)).not.toContain('wrong-token-SECRET');
		expect(contactCalls()).toHaveLength(1);
	});
});
