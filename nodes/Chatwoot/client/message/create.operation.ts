import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { MultipartPart } from '../../../shared/http/multipart';
import { binaryFilePart } from '../../../shared/n8n/binaryFile';
import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationIdField, idParameter } from '../../helpers/fields';
import { clientRequest, clientSession, contactIdentifierParameter, contactPath } from '../../transport/clientApi';
import { contactIdentifierField } from '../fields';

const properties: INodeProperties[] = [
	contactIdentifierField,
	conversationIdField(),
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Text of the message. Always sent as an incoming message from the contact. May be empty when attachments are sent.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Attachments (Binary Properties)',
				name: 'binaryProperties',
				type: 'string',
				default: 'data',
				placeholder: 'e.g. data, invoice',
				description:
					'Comma-separated names of binary properties of the input item to upload as attachments (multipart attachments[])',
			},
			{
				displayName: 'Echo ID',
				name: 'echoId',
				type: 'string',
				default: '',
				description:
					'Your temporary ID for this message. Chatwoot passes it back in the realtime (/cable) events of the message, so you can match them.',
			},
		],
	},
];

export const description = withDisplayOptions({ show: { resource: ['message'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const content = this.getNodeParameter('content', itemIndex, '') as string;
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const echoId = String(fields.echoId ?? '').trim();
	const binaryNames = String(fields.binaryProperties ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);

	if (!content && binaryNames.length === 0) {
		throw new NodeOperationError(this.getNode(), 'The message is empty', {
			itemIndex,
			description: 'Fill "Content", or add attachments under "Additional Fields".',
		});
	}

	const target = {
		path: contactPath(session, sourceId, `/conversations/${conversationId}/messages`),
		sourceId,
		conversationId,
	};
	if (binaryNames.length === 0) {
		const body: IDataObject = { content, ...(echoId ? { echo_id: echoId } : {}) };
		return (await clientRequest.call(this, session, target, { method: 'POST', body }, itemIndex)) as IDataObject;
	}

	// Chatwoot's code reads attachments[] from multipart (the contract lists JSON only).
	const multipart: MultipartPart[] = [];
	if (content) multipart.push({ name: 'content', value: content });
	if (echoId) multipart.push({ name: 'echo_id', value: echoId });
	for (const name of binaryNames) multipart.push(await binaryFilePart.call(this, itemIndex, name, 'attachments[]'));
	return (await clientRequest.call(this, session, target, { method: 'POST', multipart }, itemIndex)) as IDataObject;
}
