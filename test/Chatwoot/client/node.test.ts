import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { resourceOperationSubtitle } from '../../../nodes/shared/n8n/subtitle';
import { FakeChatwoot } from '../../servers/chatwoot/server';
import { clientCredentials, errorText, HMAC_TOKEN, INBOX, jsonOf, node, PUBLIC, runClient, seedContact } from './helpers';

describe('description', () => {
	const { description } = node;
	const properties = description.properties;

	test('is an AI-usable action node on the Client API credential, marked as acting as the customer', () => {
		expect(description).toMatchObject({
			name: 'chatwootClient',
			displayName: 'Chatwoot Client API',
			usableAsTool: true,
			credentials: [{ name: 'chatwootClientApi', required: true }],
			// "Contact: Create", generated from the options (rendering: test/package/subtitles.test.ts)
			subtitle: resourceOperationSubtitle(properties),
			icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		});
		expect(description.description).toMatch(/customer \(contact\)/);
		expect(properties[0]).toMatchObject({ type: 'notice', name: 'customerNotice' });
		expect(properties[0].displayName).toContain('CUSTOMER (contact)');
	});

	test('offers every Client API operation, sorted, each with an action text', () => {
		const operationsOf = (resource: string) => {
			const parameter = properties.find(
				(p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource),
			) as INodeProperties;
			return parameter.options as INodePropertyOptions[];
		};
		const resources = (properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).map((o) => o.value);
		expect(resources).toEqual(['contact', 'conversation', 'inbox', 'message']);
		const expected: Record<string, string[]> = {
			contact: ['create', 'get', 'update'],
			inbox: ['get'],
			conversation: ['create', 'get', 'getAll', 'updateLastSeen', 'resolve', 'setTyping'],
			message: ['create', 'getAll', 'update'],
		};
		for (const resource of resources as string[]) {
			const options = operationsOf(resource);
			expect(options.map((o) => o.value)).toEqual(expected[resource]);
			const names = options.map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			expect(options.every((o) => typeof o.action === 'string' && o.action.length > 0)).toBe(true);
		}
	});
});

describe('workflow runs', () => {
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
		// An unknown identifier: a clear 404 that does not repeat the identifier.
		const unknown = await runClient(cw, { resource: 'inbox', operation: 'get' }, { credentials: { chatwootClientApi: clientCredentials(cw, { inboxIdentifier: 'no-such-inbox-xyz' }) } });
		expect(unknown.error?.httpCode).toBe('404');
		expect(`${unknown.error?.message} ${unknown.error?.description}`).not.toContain('no-such-inbox-xyz');
	});

	test('source_id flows from Contact → Create into conversations and messages (expressions, several items)', async () => {
		const customers = [
			{ json: { userId: 'user-1', name: 'Ada' } },
			{ json: { userId: 'user-2', name: 'Grace' } },
		];
		const contacts = await runClient(
			cw,
			{
				resource: 'contact',
				operation: 'create',
				identifier: '={{ $json.userId }}',
				additionalFields: { name: '={{ $json.name }}' },
			},
			{ input: customers },
		);
		expect(contacts.error).toBeUndefined();
		expect(contacts.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const sessions = jsonOf(contacts.items);
		expect(sessions.map((s) => s.name)).toEqual(['Ada', 'Grace']);

		const conversations = await runClient(
			cw,
			{ resource: 'conversation', operation: 'create', contactIdentifier: '={{ $json.source_id }}' },
			{ input: contacts.items.map((i) => ({ json: i.json })) },
		);
		expect(conversations.error).toBeUndefined();

		// What a Merge or Set node would hand on: the session plus its conversation.
		const threads = sessions.map((s, i) => ({ json: { ...s, conversation_id: conversations.items[i].json.id } }));
		const sent = await runClient(
			cw,
			{
				resource: 'message',
				operation: 'create',
				contactIdentifier: '={{ $json.source_id }}',
				conversationId: '={{ $json.conversation_id }}',
				content: '=Hello, this is {{ $json.name }}',
			},
			{ input: threads },
		);
		expect(sent.error).toBeUndefined();
		expect(jsonOf(sent.items).map((m) => [m.content, m.message_type])).toEqual([
			['Hello, this is Ada', 0],
			['Hello, this is Grace', 0],
		]);
		const paths = cw.calls({ method: 'POST' }).map((r) => r.path);
		expect(paths).toEqual([
			`${PUBLIC}/contacts`,
			`${PUBLIC}/contacts`,
			`${PUBLIC}/contacts/${sessions[0].source_id}/conversations`,
			`${PUBLIC}/contacts/${sessions[1].source_id}/conversations`,
			`${PUBLIC}/contacts/${sessions[0].source_id}/conversations/1/messages`,
			`${PUBLIC}/contacts/${sessions[1].source_id}/conversations/2/messages`,
		]);
		// No secret of the credential in any output, and no auth header sent to the public API.
		const everything = JSON.stringify([contacts.items, conversations.items, sent.items]);
		expect(everything).not.toContain(HMAC_TOKEN);
		expect(cw.requests.every((r) => r.headers.api_access_token === undefined && r.headers['api-access-token'] === undefined && r.headers.authorization === undefined)).toBe(
			true,
		);
	});

	test('Continue On Fail turns one bad item into an error item and keeps the others', async () => {
		const { sourceId } = seedContact(cw);
		const { items, error } = await runClient(
			cw,
			{ resource: 'conversation', operation: 'getAll', contactIdentifier: '={{ $json.sid }}', returnAll: true },
			{ input: [{ json: { sid: sourceId } }, { json: { sid: 'src-wrong-99999' } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		// item 0 has no conversations (no output items); item 1 failed
		expect(items).toEqual([
			{
				json: {
					error: 'No contact with this Contact Identifier in the inbox',
					description: expect.stringContaining('source_id that Contact → Create returned'),
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(JSON.stringify(items)).not.toContain('src-wrong-99999');
	});

	test('the HMAC token and the inbox identifier never appear in errors', async () => {
		const { sourceId } = seedContact(cw);
		cw.once('GET', '/public/api/v1/inboxes/:inbox/contacts/:source/conversations/:id', () => ({
			status: 422,
			body: { error: `bad inbox ${INBOX} for ${sourceId}` },
		}));
		const { error } = await runClient(cw, {
			resource: 'conversation',
			operation: 'get',
			contactIdentifier: sourceId,
			conversationId: 1,
		});
		expect(error?.message).toBe('Chatwoot refused the input: bad inbox <inbox identifier> for <contact identifier>');
		const text = errorText(error);
		expect(text).not.toContain(HMAC_TOKEN);
		expect(text).not.toContain(INBOX);
		expect(text).not.toContain(sourceId);
	});
});
