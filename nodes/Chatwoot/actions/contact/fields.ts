import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { sortedBy } from '../../../shared/n8n/parameters';
import { attributesCollection, jsonObjectParameter, keyValuePairs } from '../../helpers/fields';

/** Contact attributes shared by create (Additional Fields) and update (Update Fields). */
export const contactAttributeOptions: INodeProperties[] = [
	attributesCollection(
		'additionalAttributes',
		'Additional Attributes',
		'Standard extra attributes such as company_name, city, country_code or description (merged into what Chatwoot has)',
	),
	{ displayName: 'Avatar URL', name: 'avatar_url', type: 'string', default: '', description: 'Public URL of an image Chatwoot downloads as the avatar' },
	{ displayName: 'Blocked', name: 'blocked', type: 'boolean', default: false, description: 'Whether the contact is blocked' },
	attributesCollection(
		'customAttributes',
		'Custom Attributes',
		'Custom attributes defined in Chatwoot (Settings → Custom Attributes), merged into what Chatwoot has',
	),
	{
		displayName: 'Custom Attributes (JSON)',
		name: 'customAttributesJson',
		type: 'json',
		default: '{}',
		description: 'Custom attributes as a JSON object; merged with the key/value list above',
	},
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'Identifier', name: 'identifier', type: 'string', default: '', description: 'Your system\'s unique ID for this contact (case-sensitive)' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Phone Number', name: 'phone_number', type: 'string', default: '', placeholder: '+4915112345678', description: 'In E.164 format, with the leading +' },
];

/** Turns the collection values into Chatwoot's contact body. */
export function contactBody(this: IExecuteFunctions, fields: IDataObject, itemIndex: number): IDataObject {
	const body: IDataObject = {};
	for (const key of ['name', 'email', 'phone_number', 'identifier', 'avatar_url', 'blocked']) {
		if (fields[key] !== undefined && fields[key] !== '') body[key] = fields[key];
	}
	const custom = {
		...keyValuePairs(fields.customAttributes),
		...jsonObjectParameter.call(this, fields.customAttributesJson, 'Custom Attributes (JSON)', itemIndex),
	};
	if (Object.keys(custom).length) body.custom_attributes = custom;
	const additional = keyValuePairs(fields.additionalAttributes);
	if (Object.keys(additional).length) body.additional_attributes = additional;
	return body;
}

const ALPHABETIC = ['A→Z', 'Z→A'];
const CHRONOLOGICAL = ['Oldest First', 'Newest First'];

/** ContactsController's `sort_on` keys (Chatwoot 4.15.1) with their label and directions; "-" sorts descending. */
const SORT_KEYS: Record<string, [string, string[]]> = {
	city: ['City', ALPHABETIC],
	company_name: ['Company', ALPHABETIC],
	country: ['Country', ALPHABETIC],
	created_at: ['Created', CHRONOLOGICAL],
	email: ['Email', ALPHABETIC],
	last_activity_at: ['Last Activity', CHRONOLOGICAL],
	name: ['Name', ALPHABETIC],
	phone_number: ['Phone Number', ['Ascending', 'Descending']],
};

export const contactSortField: INodeProperties = {
	displayName: 'Sort',
	name: 'sort',
	type: 'options',
	default: '',
	options: sortedBy(
		[
			{ name: 'Default', value: '' },
			...Object.entries(SORT_KEYS).flatMap(([key, [label, [up, down]]]) => [
				{ name: `${label} (${up})`, value: key },
				{ name: `${label} (${down})`, value: `-${key}` },
			]),
		],
		(o) => o.name,
	),
};
