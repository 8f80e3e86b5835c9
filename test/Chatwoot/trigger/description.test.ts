import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ChatwootTrigger } from '../../../nodes/Chatwoot/ChatwootTrigger.node';

/*
 * Issue 13 items 4 and 9: what the node and README say about Chatwoot, checked against
 * Chatwoot's source and release tags (signing: 4.12.0 account webhooks, 4.13.0 API inboxes
 * and agent bots; SAFE_FETCH_ALLOW_PRIVATE_NETWORK: 4.14.1; inbox events: ENABLE_INBOX_EVENTS).
 */
const root = join(__dirname, '..', '..', '..');
const properties = new ChatwootTrigger().description.properties;
const shown = (name: string, parameters: INodeParameters) =>
	properties.filter((p) => p.name === name).some((p) => NodeHelpers.displayParameter(parameters, p, null, null));
const option = (name: string) =>
	properties.flatMap((p) => (p.name === 'options' ? ((p.options ?? []) as INodeProperties[]) : [])).find((o) => o.name === name)!;

function texts(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? texts(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [readFileSync(join(dir, entry.name), 'utf8')] : [],
	);
}

describe('inbox events are off by default on Chatwoot servers', () => {
	test('a notice names ENABLE_INBOX_EVENTS, shown only when inbox events are selected', () => {
		const notice = properties.find((p) => p.name === 'inboxEventsNotice')!;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain('ENABLE_INBOX_EVENTS');
		expect(shown('inboxEventsNotice', { source: 'accountWebhook', events: ['inbox_updated'] })).toBe(true);
		expect(shown('inboxEventsNotice', { source: 'accountWebhook', events: ['message_created', 'inbox_created'] })).toBe(true);
		expect(shown('inboxEventsNotice', { source: 'accountWebhook', events: ['*'] })).toBe(true);
		expect(shown('inboxEventsNotice', { source: 'accountWebhook', events: ['message_created'] })).toBe(false);
	});

	test('the two event options say so too', () => {
		const events = properties.find((p) => p.name === 'events' && p.displayOptions?.show?.source?.includes('accountWebhook'))!;
		for (const value of ['inbox_created', 'inbox_updated']) {
			expect((events.options as Array<{ value: string; description?: string }>).find((o) => o.value === value)?.description).toContain('ENABLE_INBOX_EVENTS');
		}
	});
});

describe('a status change fires two events', () => {
	test('a notice says how not to run twice, shown when either event is selected', () => {
		const notice = properties.find((p) => p.name === 'statusChangeNotice')!;
		expect(notice.displayName).toMatch(/both.*Conversation Status Changed.*Conversation Updated/s);
		expect(notice.displayName).toContain('select only one');
		expect(shown('statusChangeNotice', { source: 'accountWebhook', events: ['conversation_updated'] })).toBe(true);
		expect(shown('statusChangeNotice', { source: 'agentBot', events: ['conversation_status_changed'] })).toBe(true);
		expect(shown('statusChangeNotice', { source: 'accountWebhook', events: ['message_created'] })).toBe(false);
	});
});

describe('versions as the releases have them', () => {
	const sources = [...texts(join(root, 'nodes')), readFileSync(join(root, 'README.md'), 'utf8')].join('\n');

	test('nothing claims signing in 4.11.2 (its release does not sign; 4.12.0 does)', () => {
		expect(sources).not.toMatch(/4\.11\.2\+|≥ ?4\.11\.2|older than 4\.11\.2|before 4\.11\.2|v4\.11\.2/);
		expect(option('requireSignature').description).toContain('before 4.12 for account webhooks, 4.13 for API inboxes and agent bots');
	});

	test('SAFE_FETCH_ALLOW_PRIVATE_NETWORK is named with 4.14.1, where it first exists', () => {
		for (const match of sources.matchAll(/[^\n]*SAFE_FETCH_ALLOW_PRIVATE_NETWORK[^\n]*/g)) expect(match[0]).toMatch(/4\.14\.1/);
	});

	test('Exclude Private Notes names typing events too', () => {
		expect(option('excludePrivateNotes').description).toContain('typing');
	});
});

test('both versions are offered and new nodes get version 2 (n8n handles a version-1 webhook node more expensively)', () => {
	const { description } = new ChatwootTrigger();
	expect(description.version).toEqual([1, 2]);
	expect(description.defaultVersion).toBe(2);
});
