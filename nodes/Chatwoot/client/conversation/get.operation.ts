import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { conversationIdField, idParameter } from '../../helpers/fields';
import { clientRequest, clientSession, contactIdentifierParameter, contactPath } from '../../transport/clientApi';
import { contactIdentifierField } from '../fields';

const properties: INodeProperties[] = [contactIdentifierField, conversationIdField()];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	const sourceId = contactIdentifierParameter.call(this, itemIndex);
	const conversationId = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const target = { path: contactPath(session, sourceId, `/conversations/${conversationId}`), sourceId, conversationId };
	return (await clientRequest.call(this, session, target, { method: 'GET' }, itemIndex)) as IDataObject;
}
