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

export function contactIdField(name = 'contactId', displayName = 'Contact ID'): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		default: 0,
		required: true,
		description: 'Numeric ID of the contact',
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

/** Filter conditions shared by contact and conversation filter operations. */
export function filterConditionsField(attributeHint: string): INodeProperties {
	return {
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Condition',
		default: {},
		required: true,
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Attribute',
						name: 'attribute_key',
						type: 'string',
						default: '',
						description: attributeHint,
					},
					{
						displayName: 'Operator',
						name: 'filter_operator',
						type: 'options',
						default: 'equal_to',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Days Before', value: 'days_before' },
							{ name: 'Does Not Contain', value: 'does_not_contain' },
							{ name: 'Equal To', value: 'equal_to' },
							{ name: 'Is Greater Than', value: 'is_greater_than' },
							{ name: 'Is Less Than', value: 'is_less_than' },
							{ name: 'Is Not Present', value: 'is_not_present' },
							{ name: 'Is Present', value: 'is_present' },
							{ name: 'Not Equal To', value: 'not_equal_to' },
							{ name: 'Starts With', value: 'starts_with' },
						],
					},
					{
						displayName: 'Values',
						name: 'values',
						type: 'string',
						default: '',
						description: 'Comma-separated values; leave empty for Is Present / Is Not Present',
					},
					{
						displayName: 'Combine With Next',
						name: 'query_operator',
						type: 'options',
						default: 'AND',
						options: [
							{ name: 'AND', value: 'AND' },
							{ name: 'OR', value: 'OR' },
						],
					},
				],
			},
		],
	};
}

/** Chatwoot filter payload from the Conditions parameter. */
export function filterPayload(this: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const rows = ((this.getNodeParameter('conditions', itemIndex, {}) as IDataObject).condition ?? []) as IDataObject[];
	if (rows.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one condition', { itemIndex });
	}
	return rows.map((row, index) => ({
		attribute_key: String(row.attribute_key),
		filter_operator: String(row.filter_operator),
		values: String(row.values ?? '')
			.split(',')
			.map((v) => v.trim())
			.filter((v) => v !== ''),
		// Chatwoot joins conditions with each one's operator; the last one has none.
		...(index === rows.length - 1 ? {} : { query_operator: String(row.query_operator ?? 'AND') }),
	}));
}

/**
 * The agent-side conversation picker: from a searchable list of recent
 * conversations, by number, or from a Chatwoot conversation URL.
 */
export function conversationLocator(): INodeProperties {
	return {
		displayName: 'Conversation',
		name: 'conversationId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The conversation, by its number as shown in Chatwoot',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a conversation...',
				typeOptions: { searchListMethod: 'searchConversations', searchable: true },
			},
			{
				displayName: 'By Number',
				name: 'id',
				type: 'string',
				placeholder: '123',
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the conversation number' } }],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://chat.example.com/app/accounts/1/conversations/123',
				extractValue: { type: 'regex', regex: '/conversations/(\\d+)' },
				validation: [
					{ type: 'regex', properties: { regex: '.*/conversations/\\d+.*', errorMessage: 'Not a Chatwoot conversation URL' } },
				],
			},
		],
	};
}
