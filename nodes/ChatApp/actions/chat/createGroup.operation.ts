import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chatAppData, chatAppRequest } from '../../transport/request';
import { jsonObjectParameter, licenseField, messengerField, operationPath, pathTemplateOption, readTarget } from '../common';

/*
 * Chat → Create Group: `POST /v1/licenses/{L}/messengers/{M}/chats` with
 * `{type: "group", participantsType: "phone", participantsItems: [{value}]}`
 * (docs/reference/chatapp-api.md §6, from public client code; ChatApp's own reference
 * was not available).
 */

const properties: INodeProperties[] = [
	licenseField,
	messengerField,
	{
		displayName: 'Participants',
		name: 'participants',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: '79001234567, 79007654321',
		description:
			'Phone numbers of the members in international format, separated by commas or new lines (an expression may also return an array). "+", spaces, dashes and brackets are removed.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Extra Body Fields (JSON)',
				name: 'extraBody',
				type: 'json',
				default: '{}',
				description: 'More fields merged into the request body, for options ChatApp supports but this node does not list',
			},
			{
				displayName: 'Group Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Sent as "name" (the field an older ChatApp client used; ChatApp does not document it for this endpoint)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [pathTemplateOption('chats.create')],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['chat'], operation: ['createGroup'] } }, properties);

/** Digits of each phone number, in order, without duplicates. */
export function parseParticipants(this: IExecuteFunctions, raw: unknown, i: number): string[] {
	const entries = Array.isArray(raw) ? raw.map((v) => String(v ?? '')) : String(raw ?? '').split(/[,;\n]+/);
	const phones: string[] = [];
	for (const entry of entries) {
		const trimmed = entry.trim();
		if (trimmed === '') continue;
		const digits = trimmed.replace(/[\s()+.-]/g, '');
		if (!/^\d{7,15}$/.test(digits)) {
			throw new NodeOperationError(this.getNode(), `Participant "${trimmed}" is not a phone number`, {
				itemIndex: i,
				description: 'Use international phone numbers of 7 to 15 digits, such as 79001234567 or +7 900 123-45-67.',
			});
		}
		if (!phones.includes(digits)) phones.push(digits);
	}
	if (phones.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one participant', {
			itemIndex: i,
			description: 'Participants: phone numbers of the group members, separated by commas.',
		});
	}
	return phones;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const target = readTarget.call(this, i, false);
	const participants = parseParticipants.call(this, this.getNodeParameter('participants', i, ''), i);
	const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const extra =
		additional.extraBody !== undefined ? jsonObjectParameter.call(this, 'additionalFields.extraBody', i, 'Extra Body Fields') : {};
	const body: IDataObject = {
		...extra,
		type: 'group',
		participantsType: 'phone',
		participantsItems: participants.map((value) => ({ value })),
	};
	if (typeof additional.name === 'string' && additional.name.trim() !== '') body.name = additional.name.trim();
	const path = await operationPath.call(this, i, 'chats.create', { ...target });
	const response = await chatAppRequest.call(this, { method: 'POST', path, body, itemIndex: i });
	const data = chatAppData(response);
	return {
		licenseId: target.licenseId,
		messengerType: target.messengerType,
		participants,
		...(data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : data !== undefined ? { data: data as IDataObject } : {}),
	};
}
