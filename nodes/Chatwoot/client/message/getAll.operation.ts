import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationIdField, idParameter, limitOf, returnAllOrLimit } from '../../helpers/fields';
import {
	CLIENT_CREDENTIAL,
	clientSession,
	contactIdentifierParameter,
	contactPath,
	withClientErrors,
} from '../../transport/clientApi';
import { paginateMessages } from '../../transport/paginate';
import { contactIdentifierField } from '../fields';

const properties: INodeProperties[] = [
	contactIdentifierField,
	conversationIdField(),
	...returnAllOrLimit('messages'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Before Message ID',
				name: 'before',
				type: 'number',
				default: 0,
				description: 'Only messages older than this message ID. Leave 0 to start with the newest message.',
			},
		],
	},
];

export const description = withDisplayOptions({ show: { resource: ['message'], operation: ['getAll'] } }, properties);

/** Newest first, 20 per request, walking back with `before=<smallest id seen>`. Private notes and activity messages are not visible to contacts. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const limit = limitOf.call(this, itemIndex);
	const before = Number((this.getNodeParameter('options', itemIndex, {}) as IDataObject).before ?? 0);
	const target = {
		path: contactPath(session, sourceId, `/conversations/${conversationId}/messages`),
		sourceId,
		conversationId,
	};
	return (await withClientErrors.call(this, session, target, itemIndex, async () =>
		await paginateMessages.call(
			this,
			{
				method: 'GET',
				path: target.path,
				qs: before > 0 ? { before } : undefined,
				credentialType: CLIENT_CREDENTIAL,
				itemIndex,
			},
			{ limit, pageSize: 20 },
		),
	)) as IDataObject[];
}
