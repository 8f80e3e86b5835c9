import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseJsonObject } from '../../shared/n8n/parameters';

export { limitOf, returnAllOrLimit } from '../../shared/n8n/parameters';

export function conversationIdField(required = true): INodeProperties {
	return {
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'number',
		default: 0,
		required,
		description: 'The conversation number shown in Chatwoot, as in its URL (the display ID)',
	};
}

/** A positive integer ID parameter, with a clear error otherwise. */
export function idParameter(this: IExecuteFunctions, name: string, itemIndex: number, label: string): number {
	const raw = this.getNodeParameter(name, itemIndex, undefined, { extractValue: true }) as number | string;
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), `${label} must be a positive whole number, got "${raw}"`, {
			itemIndex,
		});
	}
	return id;
}

/** Parses a JSON-object parameter that may arrive as a string or an object. */
export function jsonObjectParameter(
	this: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): IDataObject {
	return parseJsonObject(this.getNode(), value, label, itemIndex);
}

/** Key/value pairs from a fixedCollection `{ attribute: [{ key, value }] }`. */
export function keyValuePairs(collection: unknown): IDataObject {
	const rows = ((collection as IDataObject | undefined)?.attribute ?? []) as Array<{ key: string; value: unknown }>;
	return Object.fromEntries(rows.filter((r) => r.key !== '').map((r) => [r.key, r.value])) as IDataObject;
}

export function attributesCollection(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		description,
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

/** Labels from a multiOptions parameter or a comma-separated string. */
export function labelList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return [...new Set(list.map((l) => String(l).trim()).filter(Boolean))];
}

export const labelsField = (description: string): INodeProperties => ({
	displayName: 'Label Names or IDs',
	name: 'labels',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getLabels' },
	default: [],
	required: true,
	description: `${description} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
});

interface LocatorSpec {
	name: string;
	displayName: string;
	description?: string;
	/** listSearch method of the From List mode. */
	searchListMethod: string;
	listPlaceholder: string;
	/** "Number" for conversations (the display ID), "ID" elsewhere. */
	idName: string;
	/** Path segment of the record in Chatwoot's dashboard URL (`conversations`, `contacts`); none: no URL mode. */
	urlSegment?: string;
}

/** A record picker: a searchable list, the number, or a Chatwoot dashboard URL (`…/app/accounts/1/<segment>/123`). */
function recordLocator(spec: LocatorSpec): INodeProperties {
	const what = spec.displayName.toLowerCase();
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		...(spec.description ? { description: spec.description } : {}),
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', placeholder: spec.listPlaceholder, typeOptions: { searchListMethod: spec.searchListMethod, searchable: true } },
			{
				displayName: `By ${spec.idName}`,
				name: 'id',
				type: 'string',
				placeholder: '123',
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: `Enter the ${what} ${spec.idName.toLowerCase()}` } }],
			},
			...(spec.urlSegment
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: `https://chat.example.com/app/accounts/1/${spec.urlSegment}/123`,
							extractValue: { type: 'regex' as const, regex: `/${spec.urlSegment}/(\\d+)` },
							validation: [{ type: 'regex' as const, properties: { regex: `.*/${spec.urlSegment}/\\d+.*`, errorMessage: `Not a Chatwoot ${what} URL` } }],
						},
					]
				: []),
		],
	};
}

/** The agent-side conversation picker: recent conversations (search by message text), by number, or by URL. */
export function conversationLocator(): INodeProperties {
	return recordLocator({
		name: 'conversationId',
		displayName: 'Conversation',
		description: 'The conversation, by its number as shown in Chatwoot',
		searchListMethod: 'searchConversations',
		listPlaceholder: 'Select a conversation...',
		idName: 'Number',
		urlSegment: 'conversations',
	});
}

/** The contact picker: search by name, email, phone or identifier, by ID, or by URL. */
export function contactLocator(name = 'contactId', displayName = 'Contact', description?: string): INodeProperties {
	return recordLocator({
		name,
		displayName,
		description,
		searchListMethod: 'searchContacts',
		listPlaceholder: 'Search by name, email, phone or identifier...',
		idName: 'ID',
		urlSegment: 'contacts',
	});
}

/** A message of the chosen conversation: from its recent messages, or by ID. */
export function messageLocator(description: string): INodeProperties {
	return recordLocator({
		name: 'messageId',
		displayName: 'Message',
		description,
		searchListMethod: 'searchMessages',
		listPlaceholder: 'Select a message of the conversation...',
		idName: 'ID',
	});
}
