import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sortedBy, withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath, accountRecord, accountRequest } from '../../helpers/account';
import { extractRecord, extractRecords } from '../../transport/list';
import { chatwootRequest } from '../../transport/request';
import { picker, text } from '../fieldSpecs';

import { contactAttributeOptions, contactBody } from './fields';

/** The keys a contact is found by, in this order. */
const KEYS = ['identifier', 'email', 'phone_number'] as const;
type Key = (typeof KEYS)[number];

const properties: INodeProperties[] = [
	{ ...picker('inboxId', 'Inbox', 'getInboxes', "The inbox whose session (source_id) is returned; one is opened when the contact has none there.").property, required: true },
	text('identifier', 'Identifier', "Your system's unique ID for the contact (case-sensitive); looked up first").property,
	text('email', 'Email', 'Looked up second (case-insensitive)', { placeholder: 'name@email.com' }).property,
	text('phone_number', 'Phone Number', 'Looked up third; in E.164 format, with the leading +', { placeholder: '+4915112345678' }).property,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Set on create and on update; custom and additional attributes are merged into the stored ones',
		options: sortedBy(contactAttributeOptions.filter((o) => !(KEYS as readonly string[]).includes(o.name)), (o) => o.displayName),
	},
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['upsert'] } }, properties);

/** Search pages read per key at most (15 contacts a page): partial matches come first only by chance. */
const MAX_SEARCH_PAGES = 5;

function same(key: Key, a: unknown, b: string): boolean {
	if (typeof a !== 'string') return false;
	if (key === 'identifier') return a === b;
	if (key === 'email') return a.toLowerCase() === b.toLowerCase();
	return a.replace(/[\s()-]/g, '') === b.replace(/[\s()-]/g, '');
}

/**
 * The contact whose `key` is exactly `value`. ContactsController#search (Chatwoot 4.15.1)
 * matches name, email and phone with ILIKE and identifier with LIKE (substrings), so the
 * pages are filtered for the exact value here.
 */
async function findBy(this: IExecuteFunctions, itemIndex: number, key: Key, value: string): Promise<IDataObject | undefined> {
	const path = await accountPath.call(this, itemIndex, '/contacts/search');
	for (let page = 1; page <= MAX_SEARCH_PAGES; page++) {
		const body = (await chatwootRequest.call(this, { method: 'GET', path, qs: { q: value, page }, itemIndex })) as IDataObject;
		const found = extractRecords(body).find((c) => same(key, c[key], value));
		if (found) return found;
		if (!(body?.meta as IDataObject | undefined)?.has_more) return undefined;
	}
	return undefined;
}

function sessionIn(contact: IDataObject, inboxId: number): string | undefined {
	const sessions = (contact.contact_inboxes as IDataObject[] | undefined) ?? [];
	const session = sessions.find((ci) => Number((ci.inbox as IDataObject | undefined)?.id ?? ci.inbox_id) === inboxId);
	return session?.source_id as string | undefined;
}

/**
 * Upsert: find by identifier, then email, then phone; update the one found (PUT
 * /contacts/{id}) or create one in the inbox (POST /contacts with inbox_id, which opens
 * the session); return it with its `source_id` in the inbox, opening a session
 * (POST /contacts/{id}/contact_inboxes) when the found contact has none there.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const inboxId = Number(this.getNodeParameter('inboxId', itemIndex, ''));
	if (!Number.isInteger(inboxId) || inboxId <= 0) {
		throw new NodeOperationError(this.getNode(), 'Choose the inbox', { itemIndex, description: 'The contact\'s source_id is returned for this inbox.' });
	}
	const keys: Partial<Record<Key, string>> = {};
	for (const key of KEYS) {
		const value = String(this.getNodeParameter(key, itemIndex, '') ?? '').trim();
		if (value) keys[key] = value;
	}
	if (Object.keys(keys).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Enter an identifier, email or phone number', {
			itemIndex,
			description: 'Upsert finds the contact by one of them; without any, every run would create a new contact.',
		});
	}
	const body = { ...contactBody.call(this, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject, itemIndex), ...keys };

	let found: IDataObject | undefined;
	let matchedBy: Key | null = null;
	for (const key of KEYS) {
		if (!keys[key]) continue;
		found = await findBy.call(this, itemIndex, key, keys[key]);
		if (found) {
			matchedBy = key;
			break;
		}
	}

	if (!found) {
		const response = extractRecord(await accountRequest.call(this, itemIndex, { method: 'POST', path: '/contacts', body: { ...body, inbox_id: inboxId } }));
		// {payload: {contact, contact_inbox}} (contacts/create.json.jbuilder).
		const contact = (response.contact ?? response) as IDataObject;
		const session = response.contact_inbox as IDataObject | undefined;
		return { ...contact, source_id: session?.source_id ?? null, upsert: { action: 'created', matched_by: null } };
	}

	const id = Number(found.id);
	const contact = await accountRecord.call(this, itemIndex, { method: 'PUT', path: `/contacts/${id}`, body });
	let sourceId = sessionIn(contact, inboxId) ?? sessionIn(found, inboxId);
	if (!sourceId) {
		const session = await accountRecord.call(this, itemIndex, { method: 'POST', path: `/contacts/${id}/contact_inboxes`, body: { inbox_id: inboxId } });
		sourceId = session.source_id as string | undefined;
	}
	return { ...contact, source_id: sourceId ?? null, upsert: { action: 'updated', matched_by: matchedBy } };
}
